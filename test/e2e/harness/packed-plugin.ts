import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedFolder } from "../../../testkit/engine/cached-folder";
import { npm } from "../../../testkit/engine/packed-install";
import { assertBuildIsCurrent, packageFingerprint } from "../../../testkit/engine/package-fingerprint";
import { e2eCacheDir, REPO_ROOT } from "../../../testkit/engine/paths";

// The provider plugin folder as a user without a Node.js project gets it: `npm pack` of the
// package, unpacked with tar, its `package/dist/plugin` taken out alone (no node_modules
// beside it). Unpacked once per package content, under a lock, published by an atomic
// rename; each project gets its own copy, as the examples' READMEs tell users to make.

const UNPACK_TIMEOUT_MS = 5 * 60_000;
/** The executable the engine starts for the `opensolar` package. */
export const PLUGIN_EXECUTABLE = "pulumi-resource-opensolar";

/** The cached folder holding `plugin/` (dist/plugin of the packed tarball). */
function unpackedPlugin(): string {
  assertBuildIsCurrent();
  const key = createHash("sha256").update(packageFingerprint()).digest("hex").slice(0, 24);
  const dir = path.join(e2eCacheDir(), "packed-plugin", key);
  cachedFolder(dir, UNPACK_TIMEOUT_MS, unpack);
  return path.join(dir, "plugin");
}

function unpack(partial: string): void {
  const tarball = npm(["pack", REPO_ROOT, "--pack-destination", partial, "--silent"], REPO_ROOT).trim().split("\n").pop();
  if (!tarball) throw new Error("e2e: npm pack printed no tarball name.");
  execFileSync("tar", ["-xzf", tarball, "package/dist/plugin"], { cwd: partial, stdio: ["ignore", "pipe", "pipe"] });
  fs.renameSync(path.join(partial, "package", "dist", "plugin"), path.join(partial, "plugin"));
  fs.rmSync(path.join(partial, "package"), { recursive: true, force: true });
  fs.rmSync(path.join(partial, tarball), { force: true });
  if (!fs.existsSync(path.join(partial, "plugin", PLUGIN_EXECUTABLE))) {
    throw new Error(`e2e: the packed package has no dist/plugin/${PLUGIN_EXECUTABLE}; check package.json "files" and \`npm run build\`.`);
  }
}

/** Copies the packed plugin folder to `target` (must not exist); returns `target`. */
export function copyPackedPlugin(target: string): string {
  fs.cpSync(unpackedPlugin(), target, { recursive: true, preserveTimestamps: true });
  return target;
}
