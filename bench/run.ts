import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { E2eSession } from "../testkit/engine/e2e-session";
import { REPO_ROOT } from "../testkit/engine/paths";
import { pulumiCli } from "../testkit/engine/pulumi-cli";
import { measureColdStart, median } from "./cold-start";
import { runLifecycle, STEPS, warmUp, type LifecycleFigures, type ProviderKind, type StepFigures } from "./lifecycle";
import { markdown, withBenchTables, type BenchResults, type SizeFigures } from "./report";

// `npm run bench [-- --sizes 10,50,200 --repeat 1 --latency 50 --update-readme]`: the
// package's OpenSolarWebhook against a naive dynamic provider (testkit/driver/
// baseline-webhook.ts), both run by the real engine through the e2e harness (testkit/),
// against the simulator with added latency. Figures, not tests: printed, written to
// bench/results/latest.json, and with --update-readme put into README.md.

const USAGE = "usage: npm run bench -- [--sizes 10,50,200] [--repeat N] [--latency MS] [--update-readme]";
const COLD_START_RUNS = 7;

interface Options {
  readonly sizes: readonly number[];
  readonly repeat: number;
  readonly latencyMs: number;
  readonly updateReadme: boolean;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  // Verbose engine logging is for the e2e leak scan; here it would time the logging.
  const ours = new E2eSession({ engineLogging: "off" });
  const baseline = new E2eSession({ engineLogging: "off", project: ours.project });
  const sessions: Record<ProviderKind, E2eSession> = { ours, baseline };
  try {
    progress("warming up (one webhook each, not measured)");
    await warmUp(ours, "ours");
    await warmUp(baseline, "baseline");

    const sizes: Array<BenchResults["sizes"][number]> = [];
    let sources: Record<ProviderKind, string> | undefined;
    let serialized: BenchResults["serializedProvider"] | undefined;
    for (const n of options.sizes) {
      const sizeStarted = Date.now();
      const runs: Record<ProviderKind, LifecycleFigures[]> = { ours: [], baseline: [] };
      for (let repetition = 0; repetition < options.repeat; repetition++) {
        // Alternate who goes first, so neither always meets a warmer machine.
        const order: ProviderKind[] = repetition % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
        for (const kind of order) {
          progress(`N=${n}: ${kind}, run ${repetition + 1} of ${options.repeat}`);
          runs[kind].push(await runLifecycle(sessions[kind], kind, n, options.latencyMs, `${n}-${repetition}`));
        }
      }
      const [firstOurs] = runs.ours;
      const [firstBaseline] = runs.baseline;
      if (firstOurs && firstBaseline) {
        sources ??= { ours: firstOurs.providerSource, baseline: firstBaseline.providerSource };
        serialized ??= {
          ours: { providerBytes: firstOurs.providerBytes, stateBytesPerResource: firstOurs.stateBytesPerResource },
          baseline: { providerBytes: firstBaseline.providerBytes, stateBytesPerResource: firstBaseline.stateBytesPerResource },
        };
      }
      const seconds = Math.round((Date.now() - sizeStarted) / 1000);
      sizes.push({ n, seconds, ours: combined(runs.ours), baseline: combined(runs.baseline) });
      progress(`N=${n} took ${seconds} s`);
    }
    if (!sources || !serialized) throw new Error("bench: no size was run.");

    progress(`cold start (${COLD_START_RUNS} processes each)`);
    const coldStart = measureColdStart(ours.project, sources, COLD_START_RUNS);
    const leakScan = { ours: leaksOf(ours), baseline: leaksOf(baseline) };

    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      command: `npm run bench -- --sizes ${options.sizes.join(",")} --repeat ${options.repeat} --latency ${options.latencyMs}`,
      environment: {
        node: process.version,
        cpus: os.cpus().length,
        pulumiCli: cliVersion(),
        pulumiSdk: ours.project.pulumiSdkVersion,
        engineParallelism: defaultParallelism(),
        simulatorLatencyMs: options.latencyMs,
        repeat: options.repeat,
      },
      sizes,
      serializedProvider: serialized,
      coldStart,
      leakScan,
    };
    const resultsFile = path.join(REPO_ROOT, "bench", "results", "latest.json");
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    const tables = markdown(results);
    console.log(`\n${tables}\n`);
    console.log(`bench: figures in ${path.relative(process.cwd(), resultsFile)}; the whole run took ${Math.round((Date.now() - started) / 1000)} s.`);
    if (options.updateReadme) {
      const readme = path.join(REPO_ROOT, "README.md");
      fs.writeFileSync(readme, withBenchTables(fs.readFileSync(readme, "utf8"), tables));
      console.log("bench: README.md updated.");
    }
  } finally {
    closeQuietly(ours);
    closeQuietly(baseline);
  }
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: "string", default: "10,50,200" },
      repeat: { type: "string", default: "1" },
      latency: { type: "string", default: "50" },
      "update-readme": { type: "boolean", default: false },
    },
  });
  const sizes = values.sizes.split(",").map((text) => Number(text.trim()));
  const repeat = Number(values.repeat);
  const latencyMs = Number(values.latency);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(repeat) || repeat < 1) {
    throw new Error(`bench: sizes and repeat must be positive integers.\n${USAGE}`);
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`bench: latency must be >= 0 ms.\n${USAGE}`);
  return { sizes, repeat, latencyMs, updateReadme: values["update-readme"] };
}

/** The median of each figure over the repetitions. */
function combined(runs: readonly LifecycleFigures[]): SizeFigures {
  const medianOf = (pick: (run: LifecycleFigures) => StepFigures): StepFigures => {
    const figures = runs.map(pick);
    const count = (method: keyof StepFigures["requests"]) => median(figures.map((figure) => figure.requests[method]));
    return {
      ms: median(figures.map((figure) => figure.ms)),
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

/** The baseline keeps header values in plain text, so its session's leak scan fails by design; its count is a figure. */
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
