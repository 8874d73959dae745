import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { TRIGGER_FIELDS } from "../testkit/engine/declarations";
import { E2eSession } from "../testkit/engine/e2e-session";
import { withSimulator } from "../testkit/test-simulator";
import { readProfiles, type ProcessProfile } from "./cpu-profile";
import { cpuTimes } from "./cpu-time";
import { environmentFor, parseKinds, program, STEPS, stepRun, type ProviderKind, type Step } from "./lifecycle";
import { installPlugin } from "./plugin-install";

// `node dist/bench/profile.js [--n 200] [--kinds ours,baseline] [--latency 50] [--top 12]`:
// where the time of each lifecycle step goes, per kind. Each step runs once with
// a CPU profiler preloaded into every Node.js process (cpu-profiler.ts) the engine starts (the program, the dynamic
// provider host, the plugin); prints each process's busy CPU by package and by function,
// and keeps the profiles (open them in Chrome's DevTools) under --keep's folder.

const TRIGGERS = [...TRIGGER_FIELDS];
/** Compiled beside this file (dist/bench/); copied out at the start, as a rebuild may remove dist/ mid-run. */
const PRELOAD_SOURCE = path.join(__dirname, "cpu-profiler.js");

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      n: { type: "string", default: "200" },
      kinds: { type: "string", default: "ours,baseline" },
      latency: { type: "string", default: "50" },
      top: { type: "string", default: "12" },
      keep: { type: "string", default: path.join(os.tmpdir(), "opensolar-bench-profiles") },
    },
  });
  const n = Number(values.n);
  const top = Number(values.top);
  const kinds = parseKinds(values.kinds);
  const keep = path.resolve(values.keep);
  fs.rmSync(keep, { recursive: true, force: true });
  fs.mkdirSync(keep, { recursive: true });
  const preload = path.join(keep, "cpu-profiler.js");
  fs.copyFileSync(PRELOAD_SOURCE, preload);
  process.stderr.write(`profile: load average ${os.loadavg().map((value) => value.toFixed(2)).join(" ")}\n`);

  const first = new E2eSession({ engineLogging: "off" });
  const sessions = new Map<ProviderKind, E2eSession>();
  try {
    for (const kind of kinds) sessions.set(kind, sessions.size === 0 ? first : new E2eSession({ engineLogging: "off", project: first.project }));
    const plugin = sessions.get("plugin");
    if (plugin) installPlugin(plugin);
    const summary: Array<{ kind: ProviderKind; step: Step; ms: number; processes: ProcessProfile[] }> = [];
    for (const kind of kinds) {
      const session = sessions.get(kind) as E2eSession;
      await withSimulator(
        async (simulator) => {
          // A warm-up stack first: the first engine run of a session pays for cold caches.
          await session.stack(`${kind}-warm`, simulator, { env: environmentFor(kind, simulator) }).run(program(kind, 1, { shareEndpoint: false, triggerFields: TRIGGERS }), ["up", "destroy"]);
          for (const step of STEPS) {
            const dir = path.join(keep, kind, step);
            fs.mkdirSync(dir, { recursive: true });
            // In this process's environment, so that the driver (which runs the inline program)
            // inherits it as well as the engine's Node.js processes (not prefixed OPENSOLAR_ or
            // PULUMI_: the harness passes neither through to the driver).
            process.env["NODE_OPTIONS"] = `--require ${preload}`;
            process.env["BENCH_CPU_PROFILE_DIR"] = dir;
            const [spec, operation] = stepRun(kind, n, step);
            const before = cpuTimes();
            const result = await session.stack(`${kind}-profiled`, simulator, { env: environmentFor(kind, simulator) }).run(spec, [operation]).finally(() => {
              delete process.env["NODE_OPTIONS"];
              delete process.env["BENCH_CPU_PROFILE_DIR"];
            });
            const treeCpuMs = cpuTimes().childrenMs - before.childrenMs;
            const entry = { kind, step, ms: result[operation].durationMs ?? Number.NaN, processes: readProfiles(dir) };
            summary.push(entry);
            // What the Node.js processes do not account for is the engine's (Go) CPU, and the profiler's own overhead.
            const nodeBusy = entry.processes.reduce((sum, p) => sum + p.busyMs, 0);
            process.stderr.write(
              `profile: ${kind} ${step}: ${(entry.ms / 1000).toFixed(2)} s wall, ${(treeCpuMs / 1000).toFixed(2)} s CPU in all; ` +
                `busy ${entry.processes.map((p) => `${p.role} ${p.busyMs.toFixed(0)} ms`).join(", ")}; the rest (engine) ${(treeCpuMs - nodeBusy).toFixed(0)} ms\n`,
            );
          }
        },
        { latencyMs: Number(values.latency) },
      );
    }
    for (const step of STEPS) {
      console.log(`\n=== ${step} (N=${n}) ===`);
      for (const { kind, ms, processes } of summary.filter((entry) => entry.step === step)) {
        console.log(`-- ${kind}: ${(ms / 1000).toFixed(2)} s wall`);
        for (const process of processes) {
          console.log(`   ${process.role}: busy ${process.busyMs.toFixed(0)} ms of ${process.wallMs.toFixed(0)} ms (${path.basename(process.file)})`);
          console.log(`     packages: ${process.byPackage.slice(0, 6).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(", ")}`);
          for (const [name, ms] of process.byFunction.slice(0, top)) console.log(`       ${ms.toFixed(1).padStart(8)} ms  ${name}`);
        }
      }
    }
    console.log(`\nprofile: the .cpuprofile files are in ${keep}`);
  } finally {
    for (const session of new Set([first, ...sessions.values()])) {
      try {
        session.close();
      } catch {
        // The baseline's plain-text headers fail the leak scan by design.
      }
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
