import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedFolder, COMPLETE_MARKER } from "./cached-folder";
import { assertBuildIsCurrent, packageFingerprint } from "./package-fingerprint";
import { e2eCacheDir, REPO_ROOT } from "./paths";

// A folder with the packed pulumi-opensolar tarball installed by npm, as a user's project
// has it (a symlinked checkout would load and serialize differently). npm runs once per
// package content and dependency set, under a lock, and the install is published by an
// atomic rename so nobody sees half of it. Installs nobody used for an hour are removed.

export interface PackedInstallSpec {
  /** The folder under e2eCacheDir() that holds the installs of this kind. */
  readonly kind: string;
  /** What besides the package decides what gets installed: one install per package content and this. */
  readonly dependencies: string;
  /** package.json as written before `npm install`. */
  readonly packageJson: string;
  /** `npm install` arguments after the tarball (packages installed with it). @default [] */
  readonly alsoInstall?: readonly string[];
}

const LAST_USED = ".e2e-last-used";
/** The install's own bookkeeping files: not part of a project made from it. */
export const BOOKKEEPING_FILES: readonly string[] = [COMPLETE_MARKER, LAST_USED];
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const UNUSED_INSTALL_TTL_MS = 60 * 60_000;

/** The cached folder with package.json, package-lock.json, the tarball and node_modules. */
export function packedInstall(spec: PackedInstallSpec): string {
  assertBuildIsCurrent();
  const key = createHash("sha256").update(packageFingerprint()).update("\0").update(spec.dependencies).digest("hex");
  const installsDir = path.join(e2eCacheDir(), spec.kind);
  const dir = path.join(installsDir, key.slice(0, 24));
  cachedFolder(dir, INSTALL_TIMEOUT_MS, (partial) => install(partial, spec));
  fs.writeFileSync(path.join(dir, LAST_USED), new Date().toISOString());
  pruneUnused(installsDir, dir);
  return dir;
}

function install(partial: string, spec: PackedInstallSpec): void {
  fs.writeFileSync(path.join(partial, "package.json"), spec.packageJson);
  const tarball = npm(["pack", REPO_ROOT, "--pack-destination", partial, "--silent"], REPO_ROOT).trim().split("\n").pop();
  if (!tarball) throw new Error("e2e: npm pack printed no tarball name.");
  // What a user types: npm install <the package>.
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${tarball}`, ...(spec.alsoInstall ?? [])], partial);
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

/**
 * Each package change leaves a 100-130 MB install behind; drop those nobody used for an
 * hour. Installs being written now (`.partial-<pid>`) are left alone.
 */
function pruneUnused(installsDir: string, current: string): void {
  for (const name of fs.readdirSync(installsDir)) {
    const candidate = path.join(installsDir, name);
    if (candidate === current || name.endsWith(".lock") || name.includes(".partial-")) continue;
    const lastUsed = path.join(candidate, LAST_USED);
    const stamp = fs.existsSync(lastUsed) ? fs.statSync(lastUsed).mtimeMs : fs.statSync(candidate).mtimeMs;
    if (Date.now() - stamp > UNUSED_INSTALL_TTL_MS) fs.rmSync(candidate, { recursive: true, force: true });
  }
}
