import { spawn } from "node:child_process";
import * as fs from "node:fs";
import type { DriverRequest, DriverResponse } from "../driver/protocol";
import type { InstalledProject } from "./installed-project";
import { killTree } from "./process-tree";
import { inheritedEnvironment } from "./pulumi-cli";

// Runs the driver in its own Node.js process inside the e2e project: that process loads
// the project's @pulumi/pulumi and the packed pulumi-opensolar, never this checkout's.

export interface DriverProcessOptions {
  /** The Node.js binary; the engine's dynamic provider process runs on the same one. @default this process's */
  readonly node?: string;
  /** The whole process group is killed after this long, so no engine outlives a test. */
  readonly timeoutMs: number;
  /** When it aborts, the driver, the engine and its plugins are SIGKILLed at once (a crash mid-operation). */
  readonly kill?: AbortSignal;
  /** Gets everything the driver process printed (stdout and stderr), once it has ended. */
  readonly onOutput?: (output: string) => void;
}

export async function runDriver(project: InstalledProject, request: DriverRequest, options: DriverProcessOptions): Promise<DriverResponse> {
  fs.rmSync(request.resultFile, { force: true });
  const child = spawn(options.node ?? process.execPath, [project.driver], {
    cwd: project.dir,
    env: inheritedEnvironment(),
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group, so it can be signalled apart from jest.
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(JSON.stringify(request));

  // The whole tree: the CLI starts provider plugins in process groups of their own.
  const killNow = () => {
    if (child.pid !== undefined) killTree(child.pid);
  };
  const timer = setTimeout(killNow, options.timeoutMs);
  if (options.kill?.aborted) killNow();
  else options.kill?.addEventListener("abort", killNow, { once: true });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  }).finally(() => {
    clearTimeout(timer);
    options.kill?.removeEventListener("abort", killNow);
  });
  options.onOutput?.(output);

  if (exitCode !== 0 || !fs.existsSync(request.resultFile)) {
    throw new Error(`e2e driver exited with ${String(exitCode)} for stack ${request.stackName}:\n${output.slice(-6000)}`);
  }
  return JSON.parse(fs.readFileSync(request.resultFile, "utf8")) as DriverResponse;
}
