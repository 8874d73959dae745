import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedFolder } from "../../../testkit/engine/cached-folder";
import { npm } from "../../../testkit/engine/packed-install";
import { e2eCacheDir, REPO_ROOT } from "../../../testkit/engine/paths";

// examples/policy-pack as a reviewer's checkout has it: its files, and its own dependencies
// installed from its package-lock.json by `npm ci` (not the checkout's node_modules: the
// pack must work on its own). npm runs once per lock file, under a lock, published by an
// atomic rename; each copy links that install's node_modules.

export const POLICY_PACK_SOURCE = path.join(REPO_ROOT, "examples", "policy-pack");
const MANIFESTS = ["package.json", "package-lock.json"];
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Copies the pack's files into `dir` (created; must not exist) with its installed dependencies; returns `dir`. */
export function policyPackCopy(dir: string): string {
  const installed = installedDependencies();
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(POLICY_PACK_SOURCE)) {
    // A developer's own install or build output in the example folder is not part of the pack.
    if (name === "node_modules" || name === "bin") continue;
    fs.cpSync(path.join(POLICY_PACK_SOURCE, name), path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The cached folder where `npm ci` installed the pack's package-lock.json. */
function installedDependencies(): string {
  const hash = createHash("sha256");
  for (const name of MANIFESTS) hash.update(fs.readFileSync(path.join(POLICY_PACK_SOURCE, name))).update("\0");
  const dir = path.join(e2eCacheDir(), "policy-pack", hash.digest("hex").slice(0, 24));
  cachedFolder(dir, INSTALL_TIMEOUT_MS, install);
  return dir;
}

function install(partial: string): void {
  for (const name of MANIFESTS) fs.copyFileSync(path.join(POLICY_PACK_SOURCE, name), path.join(partial, name));
  // What the README tells a reviewer to type in the pack's folder.
  npm(["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], partial);
}
