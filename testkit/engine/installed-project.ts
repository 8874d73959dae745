import { driverIn } from "./driver-build";
import { packedInstall } from "./packed-install";

// A Pulumi project with the packed pulumi-opensolar tarball and @pulumi/pulumi installed
// from the registry, as a user's project has them: one install per package content and
// @pulumi/pulumi version (packed-install.ts).

/** The @pulumi/pulumi the package is developed against (package.json devDependencies). */
export const BASELINE_PULUMI_SDK = "3.249.0";

export interface InstalledProject {
  /** The project's folder: Pulumi's `main`, where node_modules resolve pulumi-opensolar. */
  readonly dir: string;
  /** The driver's entry point, inside `dir`. */
  readonly driver: string;
  readonly pulumiSdkVersion: string;
}

export function installedProject(pulumiSdkVersion: string = BASELINE_PULUMI_SDK): InstalledProject {
  const sdk = `@pulumi/pulumi@${pulumiSdkVersion}`;
  const dir = packedInstall({
    kind: "projects",
    dependencies: sdk,
    packageJson: `${JSON.stringify({ name: "opensolar-e2e-project", private: true, description: "pulumi-opensolar e2e tests" }, null, 2)}\n`,
    alsoInstall: [sdk],
  });
  return { dir, driver: driverIn(dir), pulumiSdkVersion };
}
