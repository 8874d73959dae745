import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { withDirectoryLock } from "./directory-lock";
import { driverIn } from "./driver-build";
import { assertBuildIsCurrent, packageFingerprint } from "./package-fingerprint";
import { e2eCacheDir, REPO_ROOT } from "./paths";

// A Pulumi project with the packed pulumi-opensolar tarball and @pulumi/pulumi installed
// from the registry, as a user's project has them (a symlinked checkout would load and
// serialize differently). Built once per package content and @pulumi/pulumi version,
// under a lock, and published by an atomic rename so nobody sees half an install.

/** The @pulumi/pulumi the package is developed against (package.json devDependencies). */
export const BASELINE_PULUMI_SDK = "3.249.0";

export interface InstalledProject {
  /** The project's folder: Pulumi's `main`, where node_modules resolve pulumi-opensolar. */
  readonly dir: string;
  /** The driver's entry point, inside `dir`. */
  readonly driver: string;
  readonly pulumiSdkVersion: string;
}

const COMPLETE_MARKER = ".e2e-complete";
const LAST_USED = ".e2e-last-used";
const BUILD_TIMEOUT_MS = 10 * 60_000;
const UNUSED_PROJECT_TTL_MS = 60 * 60_000;

export function installedProject(pulumiSdkVersion: string = BASELINE_PULUMI_SDK): InstalledProject {
  assertBuildIsCurrent();
  const key = createHash("sha256").update(packageFingerprint()).update(`\0@pulumi/pulumi@${pulumiSdkVersion}`).digest("hex");
  const projectsDir = path.join(e2eCacheDir(), "projects");
  const dir = path.join(projectsDir, key.slice(0, 24));
  if (!isComplete(dir)) {
    withDirectoryLock(`${dir}.lock`, BUILD_TIMEOUT_MS, () => {
      if (!isComplete(dir)) build(dir, pulumiSdkVersion);
    });
  }
  fs.writeFileSync(path.join(dir, LAST_USED), new Date().toISOString());
  pruneUnused(projectsDir, dir);
  return { dir, driver: driverIn(dir), pulumiSdkVersion };
}

function isComplete(dir: string): boolean {
  return fs.existsSync(path.join(dir, COMPLETE_MARKER));
}

function build(dir: string, pulumiSdkVersion: string): void {
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    fs.writeFileSync(
      path.join(partial, "package.json"),
      `${JSON.stringify({ name: "opensolar-e2e-project", private: true, description: "pulumi-opensolar e2e tests" }, null, 2)}\n`,
    );
    const packed = npm(["pack", REPO_ROOT, "--pack-destination", partial, "--silent"], REPO_ROOT).trim().split("\n").pop();
    if (!packed) throw new Error("e2e: npm pack printed no tarball name.");
    npm(
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${packed}`, `@pulumi/pulumi@${pulumiSdkVersion}`],
      partial,
    );
    fs.writeFileSync(path.join(partial, COMPLETE_MARKER), new Date().toISOString());
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Runs npm in `cwd` and returns what it printed; a failure names the command and ends with npm's stderr. */
export function npm(args: string[], cwd: string): string {
  try {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    throw new Error(`e2e: \`npm ${args.join(" ")}\` failed in ${cwd}:\n${stderr.slice(-4000)}`);
  }
}

/** Each package change leaves a ~100 MB project behind; drop those nobody used for a while. */
function pruneUnused(projectsDir: string, current: string): void {
  for (const name of fs.readdirSync(projectsDir)) {
    const candidate = path.join(projectsDir, name);
    if (candidate === current || name.endsWith(".lock")) continue;
    const lastUsed = path.join(candidate, LAST_USED);
    const stamp = fs.existsSync(lastUsed) ? fs.statSync(lastUsed).mtimeMs : fs.statSync(candidate).mtimeMs;
    if (Date.now() - stamp > UNUSED_PROJECT_TTL_MS) fs.rmSync(candidate, { recursive: true, force: true });
  }
}
