import * as os from "node:os";
import * as path from "node:path";

// Where the e2e harness finds the checkout and keeps what it builds between runs.

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Beside the CLI that scripts/pulumi-cli.sh caches, and moved by the same variable. */
export function e2eCacheDir(): string {
  const cacheHome = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  const root = process.env["PULUMI_OPENSOLAR_CACHE"] ?? path.join(cacheHome, "pulumi-opensolar");
  return path.join(root, "e2e");
}
