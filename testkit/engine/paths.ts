import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Where the e2e harness finds the checkout and keeps what it builds between runs.

/**
 * The checkout: the nearest folder above whose package.json is this package's. From
 * testkit/engine, or from dist/testkit/engine when the benchmarks (bench/) run it compiled.
 */
export const REPO_ROOT = checkoutAbove(__dirname);

function checkoutAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name === "pulumi-opensolar") {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`e2e: no pulumi-opensolar checkout above ${start}.`);
  }
}

/** Beside the CLI that scripts/pulumi-cli.sh caches, and moved by the same variable. */
export function e2eCacheDir(): string {
  const cacheHome = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  const root = process.env["PULUMI_OPENSOLAR_CACHE"] ?? path.join(cacheHome, "pulumi-opensolar");
  return path.join(root, "e2e");
}
