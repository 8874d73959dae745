import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { withDirectoryLock } from "../../../testkit/engine/directory-lock";
import { installedProject, type InstalledProject } from "../../../testkit/engine/installed-project";
import { e2eCacheDir } from "../../../testkit/engine/paths";

// Node.js 22 (from the npm `node` package, which ships the binary) and a project with the
// newest @pulumi/pulumi, for the smoke test that the package works beyond the versions it
// is developed with. Either may be out of reach (no registry): then the test is skipped
// with the reason, never passed silently.

export const SMOKE_NODE_MAJOR = 22;

export type Toolchain =
  | { readonly available: true; readonly node: string; readonly nodeVersion: string; readonly project: InstalledProject }
  | { readonly available: false; readonly reason: string };

const INSTALL_TIMEOUT_MS = 10 * 60_000;

export function newestToolchain(): Toolchain {
  let node: string;
  let nodeVersion: string;
  try {
    node = nodeBinary(SMOKE_NODE_MAJOR);
    nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  } catch (error) {
    return { available: false, reason: `Node.js ${SMOKE_NODE_MAJOR} could not be installed from npm: ${firstLine(error)}` };
  }
  let newest: string;
  try {
    newest = execFileSync("npm", ["view", "@pulumi/pulumi", "version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (error) {
    return { available: false, reason: `the newest @pulumi/pulumi version could not be looked up: ${firstLine(error)}` };
  }
  try {
    return { available: true, node, nodeVersion, project: installedProject(newest) };
  } catch (error) {
    return { available: false, reason: `@pulumi/pulumi@${newest} could not be installed: ${firstLine(error)}` };
  }
}

function nodeBinary(major: number): string {
  const dir = path.join(e2eCacheDir(), `node-${major}`);
  const binary = path.join(dir, "node_modules", "node", "bin", "node");
  if (!fs.existsSync(binary)) {
    withDirectoryLock(`${dir}.lock`, INSTALL_TIMEOUT_MS, () => {
      if (fs.existsSync(binary)) return;
      const partial = `${dir}.partial-${process.pid}`;
      fs.rmSync(partial, { recursive: true, force: true });
      fs.mkdirSync(partial, { recursive: true });
      try {
        execFileSync("npm", ["install", "--prefix", partial, "--no-audit", "--no-fund", "--loglevel=error", `node@${major}`], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(partial, dir);
      } finally {
        fs.rmSync(partial, { recursive: true, force: true });
      }
    });
  }
  return binary;
}

function firstLine(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
  const text = stderr || (error instanceof Error ? error.message : String(error));
  return text.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
}
