import { spawn } from "node:child_process";
import * as fs from "node:fs";
import type { DriverRequest, DriverResponse } from "../driver/protocol";
import type { InstalledProject } from "./installed-project";

// Runs the driver in its own Node.js process inside the e2e project: that process loads
// the project's @pulumi/pulumi and the packed pulumi-opensolar, never this checkout's.

export interface DriverProcessOptions {
  /** The Node.js binary; the engine's dynamic provider process runs on the same one. @default this process's */
  readonly node?: string;
  /** The whole process group is killed after this long, so no engine outlives a test. */
  readonly timeoutMs: number;
}

export async function runDriver(project: InstalledProject, request: DriverRequest, options: DriverProcessOptions): Promise<DriverResponse> {
  fs.rmSync(request.resultFile, { force: true });
  const child = spawn(options.node ?? process.execPath, [project.driver], {
    cwd: project.dir,
    env: inheritedEnvironment(),
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group: the engine and its plugins are killed with it on timeout.
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(JSON.stringify(request));

  const timer = setTimeout(() => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  }).finally(() => clearTimeout(timer));

  if (exitCode !== 0 || !fs.existsSync(request.resultFile)) {
    throw new Error(`e2e driver exited with ${String(exitCode)} for stack ${request.stackName}:\n${output.slice(-6000)}`);
  }
  return JSON.parse(fs.readFileSync(request.resultFile, "utf8")) as DriverResponse;
}

/** This environment without the caller's OpenSolar and Pulumi settings: each request says what it wants. */
function inheritedEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("OPENSOLAR_") || key.startsWith("PULUMI_")) continue;
    env[key] = value;
  }
  return env;
}
