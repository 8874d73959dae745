import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { InstalledProject } from "../testkit/engine/installed-project";
import type { ProviderKind } from "./lifecycle";

// What the engine's dynamic provider process pays before it serves the first call, in the
// e2e project (the packed package as users install it). Two views, each the median of
// several fresh processes, ours and the baseline interleaved:
// - `node -e "require(<module>)"`, the whole process: for ours the implementation the stub
//   loads (axios, zod and the provider), for the baseline its module (which loads
//   @pulumi/pulumi, as any module declaring a dynamic resource does);
// - in a process that has loaded @pulumi/pulumi already (the provider host has), the time
//   from the `__provider` text in state to a provider ready for its first call: evaluated
//   as the host does (require-from-string), then configured, which makes our stub load
//   the implementation.
// The native plugin is a process of its own: from its spawn to the port it prints, which is
// when the engine can send its first call.

/** The two dynamic providers: each serialized into state and run by the engine's dynamic provider host. */
export type DynamicKind = Exclude<ProviderKind, "plugin">;

export interface ColdStartFigures {
  readonly runs: number;
  /** `node -e ""`, for reference. */
  readonly bareNodeMs: number;
  readonly requireMs: Readonly<Record<DynamicKind, number>>;
  readonly providerReadyMs: Readonly<Record<DynamicKind, number>>;
  /** `pulumi-resource-opensolar` spawned to its port on stdout. */
  readonly pluginListeningMs: number;
}

const READY_PROBE = `
const fs = require("node:fs");
require("@pulumi/pulumi");
const requireFromString = require("require-from-string");
const source = fs.readFileSync(process.argv[1], "utf8");
const started = process.hrtime.bigint();
const provider = requireFromString(source).handler();
Promise.resolve(provider.configure ? provider.configure({ config: { get: () => undefined } }) : undefined).then(() => {
  process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
});
`;

export async function measureColdStart(
  project: InstalledProject,
  providerSources: Readonly<Record<DynamicKind, string>>,
  pluginExecutable: string,
  runs: number,
): Promise<ColdStartFigures> {
  const modules: Record<DynamicKind, string> = {
    ours: "pulumi-opensolar/internal/webhook-provider",
    baseline: path.join(path.dirname(project.driver), "baseline-webhook.js"),
  };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-bench-"));
  try {
    const sourceFiles: Record<DynamicKind, string> = { ours: path.join(scratch, "ours.js"), baseline: path.join(scratch, "baseline.js") };
    for (const kind of ["ours", "baseline"] as const) fs.writeFileSync(sourceFiles[kind], providerSources[kind]);

    const samples = {
      bare: [] as number[],
      require: { ours: [] as number[], baseline: [] as number[] },
      ready: { ours: [] as number[], baseline: [] as number[] },
      plugin: [] as number[],
    };
    for (let run = 0; run < runs; run++) {
      samples.bare.push(timedNode(project.dir, ["-e", ""]).wallMs);
      for (const kind of ["ours", "baseline"] as const) {
        samples.require[kind].push(timedNode(project.dir, ["-e", `require(${JSON.stringify(modules[kind])})`]).wallMs);
        samples.ready[kind].push(Number(timedNode(project.dir, ["-e", READY_PROBE, sourceFiles[kind]]).stdout));
      }
      samples.plugin.push(await timeToPort(pluginExecutable, scratch));
    }
    return {
      runs,
      bareNodeMs: median(samples.bare),
      requireMs: { ours: median(samples.require.ours), baseline: median(samples.require.baseline) },
      providerReadyMs: { ours: median(samples.ready.ours), baseline: median(samples.ready.baseline) },
      pluginListeningMs: median(samples.plugin),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function timedNode(cwd: string, args: readonly string[]): { wallMs: number; stdout: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`bench: node ${args.slice(0, 2).join(" ")} failed in ${cwd}:\n${result.stderr}`);
  return { wallMs, stdout: result.stdout };
}

/** Starts the plugin as the engine does (its folder need not be the working directory) and times it to its first stdout line. */
function timeToPort(executable: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(executable, ["127.0.0.1:1"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let listeningMs: number | undefined;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (listeningMs !== undefined || !stdout.includes("\n")) return;
      listeningMs = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill("SIGTERM");
    });
    child.on("error", reject);
    // Resolved once it is gone, so the next sample never overlaps it.
    child.on("exit", (code) => {
      if (listeningMs !== undefined && /^\d+\n/.test(stdout)) resolve(listeningMs);
      else reject(new Error(`bench: ${executable} exited (${code}) without printing its port first:\n${stderr}`));
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
