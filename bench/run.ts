import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { E2eSession } from "../testkit/engine/e2e-session";
import { REPO_ROOT } from "../testkit/engine/paths";
import { pulumiCli } from "../testkit/engine/pulumi-cli";
import { measureColdStart, median, type ColdStartFigures } from "./cold-start";
import { parseKinds, PROVIDER_KINDS, runLifecycles, STEPS, warmUp, type Contender, type LifecycleFigures, type ProviderKind, type StepFigures } from "./lifecycle";
import { installPlugin, pluginFolder } from "./plugin-install";
import { CONTROL, markdown, withBenchTables, type BenchResults, type SizeFigures } from "./report";

// `npm run bench [-- --sizes 10,50,200 --repeat 1 --latency 50 --kinds ours,baseline,plugin --control --update-readme]`:
// the package's OpenSolarWebhook (dynamic) and its native provider plugin against a naive
// dynamic provider (testkit/driver/baseline-webhook.ts), all run by the real engine through
// the e2e harness (testkit/), against the simulator with added latency. Figures, not tests:
// printed, written to bench/results/latest.json (or --out), and with --update-readme put
// into README.md. `--control` runs the baseline a second time, as one more column: how far
// the same code lands from itself on this machine, the yardstick for every other ratio.

const USAGE =
  "usage: npm run bench -- [--sizes 10,50,200] [--repeat N] [--latency MS] [--kinds ours,baseline,plugin] [--control] [--out FILE] [--update-readme] [--readme FILE]";
const COLD_START_RUNS = 7;

interface Options {
  readonly sizes: readonly number[];
  readonly repeat: number;
  readonly latencyMs: number;
  readonly kinds: readonly ProviderKind[];
  /** Also run the baseline a second time, in a session of its own (the "control" column). */
  readonly control: boolean;
  readonly out: string;
  readonly updateReadme: boolean;
  /** The README whose bench section --update-readme rewrites (a run from a copy of the checkout updates the original). */
  readonly readme: string;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = os.loadavg();
  progress(`load average at the start: ${loadAtStart.map((value) => value.toFixed(2)).join(" ")} (${os.cpus().length} CPUs)`);
  // Verbose engine logging is for the e2e leak scan; here it would time the logging.
  // One session per kind: its own PULUMI_HOME (the plugin's holds the installed plugin), one project.
  const first = new E2eSession({ engineLogging: "off" });
  const sessions = new Map<ProviderKind, E2eSession>();
  let control: E2eSession | undefined;
  try {
    for (const kind of options.kinds) sessions.set(kind, sessions.size === 0 ? first : new E2eSession({ engineLogging: "off", project: first.project }));
    const plugin = sessions.get("plugin");
    if (plugin) installPlugin(plugin);
    const session = (kind: ProviderKind): E2eSession => {
      const found = sessions.get(kind);
      if (!found) throw new Error(`bench: no session for ${kind}.`);
      return found;
    };
    const contenders: Contender[] = options.kinds.map((kind) => ({ label: kind, kind, session: session(kind) }));
    if (options.control) {
      control = new E2eSession({ engineLogging: "off", project: first.project });
      contenders.push({ label: CONTROL, kind: "baseline", session: control });
    }

    progress("warming up (one webhook each, not measured)");
    for (const contender of contenders) await warmUp(contender.session, contender.kind);

    const sizes: Array<BenchResults["sizes"][number]> = [];
    const firstRuns = new Map<ProviderKind, LifecycleFigures>();
    for (const n of options.sizes) {
      const sizeStarted = Date.now();
      const runs = new Map<string, LifecycleFigures[]>(contenders.map(({ label }) => [label, []]));
      for (let repetition = 0; repetition < options.repeat; repetition++) {
        // Rotate who goes first in each step, so no contender always meets a warmer (or busier) machine.
        const order = contenders.map((_, index) => contenders[(index + repetition) % contenders.length] as Contender);
        progress(`N=${n}: ${order.map(({ label }) => label).join(", ")}, step by step, run ${repetition + 1} of ${options.repeat}`);
        const figures = await runLifecycles(order, n, options.latencyMs, `${n}-${repetition}`);
        for (const { label, kind } of order) {
          const labelFigures = figures.get(label) as LifecycleFigures;
          runs.get(label)?.push(labelFigures);
          if (label === kind && !firstRuns.has(kind)) firstRuns.set(kind, labelFigures);
        }
      }
      const seconds = Math.round((Date.now() - sizeStarted) / 1000);
      const byLabel = Object.fromEntries([...runs].map(([label, figures]) => [label, combined(figures)]));
      sizes.push({ n, seconds, ...byLabel });
      progress(`N=${n} took ${seconds} s`);
    }
    const serializedProvider = Object.fromEntries(
      [...firstRuns].map(([kind, run]) => [kind, { providerBytes: run.providerBytes, stateBytesPerResource: run.stateBytesPerResource }]),
    );

    const ours = firstRuns.get("ours");
    const baseline = firstRuns.get("baseline");
    let coldStart: ColdStartFigures | undefined;
    if (ours && baseline && plugin) {
      progress(`cold start (${COLD_START_RUNS} processes each)`);
      const sources = { ours: ours.providerSource, baseline: baseline.providerSource };
      coldStart = await measureColdStart(first.project, sources, path.join(pluginFolder(plugin), "pulumi-resource-opensolar"), COLD_START_RUNS);
    }
    const leakScan = Object.fromEntries([...sessions].map(([kind, kindSession]) => [kind, leaksOf(kindSession)]));

    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      command:
        `npm run bench -- --sizes ${options.sizes.join(",")} --repeat ${options.repeat} --latency ${options.latencyMs}` +
        (options.kinds.length === PROVIDER_KINDS.length ? "" : ` --kinds ${options.kinds.join(",")}`) +
        (options.control ? " --control" : ""),
      environment: {
        node: process.version,
        cpus: os.cpus().length,
        pulumiCli: cliVersion(),
        pulumiSdk: first.project.pulumiSdkVersion,
        engineParallelism: defaultParallelism(),
        simulatorLatencyMs: options.latencyMs,
        repeat: options.repeat,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
      },
      kinds: options.kinds,
      sizes,
      serializedProvider,
      ...(coldStart ? { coldStart } : {}),
      leakScan,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    const tables = markdown(results);
    console.log(`\n${tables}\n`);
    console.log(`bench: figures in ${path.relative(process.cwd(), options.out)}; the whole run took ${Math.round((Date.now() - started) / 1000)} s.`);
    if (options.updateReadme) {
      if (options.kinds.length !== PROVIDER_KINDS.length) throw new Error("bench: --update-readme needs every kind measured (leave out --kinds).");
      // Read just before writing: only the section between the bench markers changes.
      fs.writeFileSync(options.readme, withBenchTables(fs.readFileSync(options.readme, "utf8"), tables));
      console.log(`bench: ${options.readme} updated.`);
    }
  } finally {
    for (const kindSession of new Set([first, ...sessions.values(), ...(control ? [control] : [])])) closeQuietly(kindSession);
  }
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: "string", default: "10,50,200" },
      repeat: { type: "string", default: "1" },
      latency: { type: "string", default: "50" },
      kinds: { type: "string", default: PROVIDER_KINDS.join(",") },
      control: { type: "boolean", default: false },
      out: { type: "string", default: path.join(REPO_ROOT, "bench", "results", "latest.json") },
      "update-readme": { type: "boolean", default: false },
      readme: { type: "string", default: path.join(REPO_ROOT, "README.md") },
    },
  });
  const sizes = values.sizes.split(",").map((text) => Number(text.trim()));
  const repeat = Number(values.repeat);
  const latencyMs = Number(values.latency);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(repeat) || repeat < 1) {
    throw new Error(`bench: sizes and repeat must be positive integers.\n${USAGE}`);
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`bench: latency must be >= 0 ms.\n${USAGE}`);
  const kinds = parseKinds(values.kinds, USAGE);
  if (values.control && !kinds.includes("baseline")) throw new Error(`bench: --control runs the baseline again, so --kinds must include baseline.\n${USAGE}`);
  return { sizes, repeat, latencyMs, kinds, control: values.control, out: path.resolve(values.out), updateReadme: values["update-readme"], readme: path.resolve(values.readme) };
}

/** The median of each figure over the repetitions. */
function combined(runs: readonly LifecycleFigures[]): SizeFigures {
  const medianOf = (pick: (run: LifecycleFigures) => StepFigures): StepFigures => {
    const figures = runs.map(pick);
    const count = (method: keyof StepFigures["requests"]) => median(figures.map((figure) => figure.requests[method]));
    return {
      ms: median(figures.map((figure) => figure.ms)),
      cpuMs: median(figures.map((figure) => figure.cpuMs)),
      simulatorCpuMs: median(figures.map((figure) => figure.simulatorCpuMs)),
      ...(figures.length > 1 ? { runsMs: figures.map((figure) => figure.ms) } : {}),
      requests: { GET: count("GET"), POST: count("POST"), PATCH: count("PATCH"), DELETE: count("DELETE"), total: count("total") },
    };
  };
  const steps = Object.fromEntries(STEPS.map((step) => [step, medianOf((run) => run.steps[step])])) as SizeFigures["steps"];
  return { steps, createSharedEndpoint: medianOf((run) => run.createSharedEndpoint) };
}

function leaksOf(session: E2eSession): number {
  const report = session.scanForLeaks();
  return report.occurrences.length + report.unlisted;
}

/** The baseline keeps header values in plain text, so its session's leak scan fails by design; each count is a figure. */
function closeQuietly(session: E2eSession): void {
  try {
    session.close();
  } catch {
    // Counted in leakScan above.
  }
}

function cliVersion(): string {
  return execFileSync(pulumiCli().binary, ["version"], { encoding: "utf8" }).trim();
}

/** The runs leave `--parallel` at the CLI's default, which depends on the machine: `pulumi up --help` says it. */
function defaultParallelism(): string {
  const help = execFileSync(pulumiCli().binary, ["up", "--help"], { encoding: "utf8" });
  const found = /--parallel\b.*\(default (\d+)\)/.exec(help);
  return found ? `${found[1]} (the CLI's default)` : "the CLI's default";
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
