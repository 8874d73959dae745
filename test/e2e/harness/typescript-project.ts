import * as fs from "node:fs";
import * as path from "node:path";
import { BOOKKEEPING_FILES, packedInstall } from "../../../testkit/engine/packed-install";

// A TypeScript Pulumi project as `pulumi new typescript` makes one (Pulumi.yaml with
// `runtime: nodejs`, package.json with `main: index.ts`, the template's tsconfig.json,
// index.ts), with the packed pulumi-opensolar installed by npm next to @pulumi/pulumi,
// @types/node and its own TypeScript. npm runs once per package content and dependency
// set (testkit/engine/packed-install.ts); each test gets a copy of that install (half a
// second), so an edit of index.ts or a stack's config file stays in that test's folder.

/** The dependencies of the project, as its package.json says them. */
export interface ProjectDependencies {
  /** @default "~3.249.0": the @pulumi/pulumi the package is developed against */
  readonly pulumi?: string;
  /**
   * The project's own `typescript` (a devDependency, as the template has it). `false`: none,
   * so the language host compiles with the TypeScript that @pulumi/pulumi vendors (3.8.3).
   * @default "~5.9.3"
   */
  readonly typescript?: string | false;
}

/** `pulumi new typescript`'s tsconfig.json (pulumi/templates, typescript/). */
export const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

export interface NewProject {
  /** The project's folder: where the user types `pulumi …`. */
  readonly dir: string;
  /** The installed package.json's dependencies, as npm wrote them. */
  readonly dependencies: Readonly<Record<string, string>>;
}

export interface NewProjectOptions extends ProjectDependencies {
  /** Pulumi.yaml's `name`. */
  readonly name: string;
  readonly indexTs: string;
  /** Write the template's tsconfig.json. @default true */
  readonly tsconfig?: boolean;
}

/** Writes a new project into `dir` (created; must not exist yet). */
export function newTypeScriptProject(dir: string, options: NewProjectOptions): NewProject {
  const installed = installedDependencies(options);
  fs.cpSync(installed, dir, { recursive: true, verbatimSymlinks: true, filter: (source) => !BOOKKEEPING_FILES.includes(path.basename(source)) });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${options.name}\ndescription: A minimal TypeScript Pulumi program\nruntime: nodejs\n`);
  if (options.tsconfig ?? true) fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(TEMPLATE_TSCONFIG, null, 4)}\n`);
  fs.writeFileSync(path.join(dir, "index.ts"), options.indexTs);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return { dir, dependencies: { ...manifest.dependencies, ...manifest.devDependencies } };
}

/** The installed package.json, package-lock.json, tarball and node_modules (packed-install.ts). */
function installedDependencies(options: ProjectDependencies): string {
  const manifest = JSON.stringify(packageManifest(options), null, 4);
  return packedInstall({ kind: "typescript-projects", dependencies: manifest, packageJson: `${manifest}\n` });
}

/** The template's package.json, @pulumi/pulumi and TypeScript as asked. */
function packageManifest(options: ProjectDependencies): Record<string, unknown> {
  const typescript = options.typescript ?? "~5.9.3";
  return {
    name: "opensolar-cli-project",
    main: "index.ts",
    devDependencies: { "@types/node": "^20", ...(typescript === false ? {} : { typescript }) },
    dependencies: { "@pulumi/pulumi": options.pulumi ?? "~3.249.0" },
  };
}
