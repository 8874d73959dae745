import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedFolder } from "../../../testkit/engine/cached-folder";
import { npm } from "../../../testkit/engine/packed-install";
import { e2eCacheDir, REPO_ROOT } from "../../../testkit/engine/paths";
import { projectFromExample } from "./example-project";
import type { PackedSdk } from "./generated-nodejs-sdk";

// examples/sdk-typescript made into a project the way its README says: the example's files,
// the plugin folder, and `npm install ./<the SDK tarball>` (which installs the example's own
// dependencies too). npm runs once per tarball and package.json, under a lock; each project
// gets the installed package.json, lock file and tarball, and links that install's node_modules.

const EXAMPLE = "sdk-typescript";
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export interface SdkProject {
  readonly dir: string;
  /** The installed package.json's dependencies, as npm wrote them. */
  readonly dependencies: Readonly<Record<string, string>>;
}

/** Writes the project into `dir` (created; must not exist). */
export function sdkTypeScriptProject(dir: string, sdk: PackedSdk): SdkProject {
  projectFromExample(EXAMPLE, dir);
  const installed = installedDependencies(sdk);
  for (const name of ["package.json", "package-lock.json", path.basename(sdk.tarball)]) {
    fs.copyFileSync(path.join(installed, name), path.join(dir, name));
  }
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  return { dir, dependencies: manifest.dependencies ?? {} };
}

function installedDependencies(sdk: PackedSdk): string {
  const manifest = path.join(REPO_ROOT, "examples", EXAMPLE, "package.json");
  const key = createHash("sha256").update(fs.readFileSync(sdk.tarball)).update("\0").update(fs.readFileSync(manifest)).digest("hex").slice(0, 24);
  const dir = path.join(e2eCacheDir(), "sdk-typescript-projects", key);
  cachedFolder(dir, INSTALL_TIMEOUT_MS, (partial) => install(partial, manifest, sdk));
  return dir;
}

function install(partial: string, manifest: string, sdk: PackedSdk): void {
  fs.copyFileSync(manifest, path.join(partial, "package.json"));
  const tarball = path.basename(sdk.tarball);
  fs.copyFileSync(sdk.tarball, path.join(partial, tarball));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${tarball}`], partial);
}
