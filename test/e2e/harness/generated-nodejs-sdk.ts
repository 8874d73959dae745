import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedFolder } from "../../../testkit/engine/cached-folder";
import { npm } from "../../../testkit/engine/packed-install";
import { assertBuildIsCurrent } from "../../../testkit/engine/package-fingerprint";
import { e2eCacheDir, REPO_ROOT } from "../../../testkit/engine/paths";

// The generated Node.js SDK as a user installs it: `npm run sdks` (scripts/gen-sdks.sh over
// dist/plugin/schema.json) writes and compiles it, `npm pack` of its bin/ makes the tarball.
// Made once per schema and script content, under a lock, published by an atomic rename, in
// the e2e cache rather than dist/sdk (which the next `npm run build` removes).

const SCHEMA = path.join(REPO_ROOT, "dist", "plugin", "schema.json");
const GEN_SDKS = path.join(REPO_ROOT, "scripts", "gen-sdks.sh");
const GENERATE_TIMEOUT_MS = 20 * 60_000;

export interface PackedSdk {
  /** The tarball `npm pack` wrote, by absolute path. */
  readonly tarball: string;
  /** package.json's name and version, as the SDK carries them. */
  readonly name: string;
  readonly version: string;
  /** The schema's version: the plugin version the SDK should ask the engine for. */
  readonly schemaVersion: string;
}

export function packedNodejsSdk(): PackedSdk {
  assertBuildIsCurrent();
  const key = createHash("sha256").update(fs.readFileSync(SCHEMA)).update("\0").update(fs.readFileSync(GEN_SDKS)).digest("hex").slice(0, 24);
  const dir = path.join(e2eCacheDir(), "nodejs-sdk", key);
  cachedFolder(dir, GENERATE_TIMEOUT_MS, generate);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string };
  const tarball = fs.readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`e2e: ${dir} holds no SDK tarball; remove the folder and run again.`);
  const schemaVersion = (JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as { version: string }).version;
  return { tarball: path.join(dir, tarball), name: manifest.name, version: manifest.version, schemaVersion };
}

function generate(partial: string): void {
  const sdkDir = path.join(partial, "sdk");
  const run = spawnSync("bash", [GEN_SDKS, SCHEMA, sdkDir], { cwd: REPO_ROOT, encoding: "utf8", timeout: GENERATE_TIMEOUT_MS });
  if (run.status !== 0) throw new Error(`e2e: scripts/gen-sdks.sh exited with ${String(run.status)}:\n${run.stderr.slice(-4000)}`);
  const bin = path.join(sdkDir, "nodejs", "bin");
  // What a user types in the checkout: npm pack of the compiled SDK.
  npm(["pack", bin, "--pack-destination", partial, "--silent"], partial);
  fs.copyFileSync(path.join(bin, "package.json"), path.join(partial, "package.json"));
  fs.rmSync(sdkDir, { recursive: true, force: true });
}
