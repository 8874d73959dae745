import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Simulator } from "../simulator";
import { E2eSession } from "../testkit/engine/e2e-session";
import { startTestSimulator } from "../testkit/test-simulator";
import { median } from "./cold-start";
import { environmentFor, parseKinds, PROVIDER_KINDS, stepRun, warmUp, type ProviderKind } from "./lifecycle";
import { installPlugin } from "./plugin-install";

// `node dist/bench/first-call.js [--n 10] [--pairs 5] [--latency 50] [--kinds ours,baseline,plugin]`:
// what a provider adds to the critical path of every operation, read from the engine's own
// record of its gRPC calls to the provider (PULUMI_DEBUG_GRPC: when each call went out and
// when its answer came), for a refresh of N webhooks (one Read per webhook, as many at a time
// as the engine's parallelism allows: 8 by default on 2 CPUs):
// - first wave: from the first Read sent to the first Read answered. The simulator's latency,
//   plus what the provider pays at its first call (loading its implementation, its HTTP
//   client, Node's fetch);
// - a warm Read: the same for a Read sent after that first answer;
// - first-call cost: the difference, paid once per operation by every row of the benchmark.
// The wall time of a whole refresh moves by some 10% from run to run on a 2-CPU machine, more
// than the tens of milliseconds this finds; these spans move far less.
// That log holds every request in plain text (the token, header values): it is written to a
// scratch folder outside the session (whose leak scan would rightly fail on it), read, and
// deleted at once. A run killed midway leaves it there (mkdtemp's mode 0700); what it holds
// are the harness's test token and the benchmark's header value, no one's real secret.

interface Options {
  readonly n: number;
  readonly pairs: number;
  readonly latencyMs: number;
  readonly kinds: readonly ProviderKind[];
}

/** One refresh's Read calls, in milliseconds. */
interface ReadSpans {
  readonly firstWaveMs: number;
  /** NaN when every Read went out in the first wave (N at most the engine's parallelism). */
  readonly warmReadMs: number;
  /** First Read sent to last Read answered. */
  readonly readsMs: number;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-first-call-"));
  const first = new E2eSession({ engineLogging: "off" });
  const sessions = new Map<ProviderKind, E2eSession>();
  const simulators: Simulator[] = [];
  try {
    for (const kind of options.kinds) sessions.set(kind, sessions.size === 0 ? first : new E2eSession({ engineLogging: "off", project: first.project }));
    const plugin = sessions.get("plugin");
    if (plugin) installPlugin(plugin);
    const subjects = new Map<ProviderKind, { session: E2eSession; simulator: Simulator }>();
    for (const [kind, session] of sessions) {
      await warmUp(session, kind);
      const simulator = await startTestSimulator({ latencyMs: options.latencyMs });
      simulators.push(simulator);
      await session.stack(`${kind}-first-call`, simulator, { env: environmentFor(kind, simulator) }).run(stepRun(kind, options.n, "create")[0], ["up"]);
      subjects.set(kind, { session, simulator });
    }
    const spans = new Map<ProviderKind, ReadSpans[]>(options.kinds.map((kind) => [kind, []]));
    for (let pair = 0; pair < options.pairs; pair++) {
      // Who goes first rotates, as in run.ts.
      const order = options.kinds.map((_, index) => options.kinds[(index + pair) % options.kinds.length] as ProviderKind);
      for (const kind of order) {
        const { session, simulator } = subjects.get(kind) as { session: E2eSession; simulator: Simulator };
        const log = path.join(scratch, `${kind}-${pair}.jsonl`);
        const env = { ...environmentFor(kind, simulator), PULUMI_DEBUG_GRPC: log };
        try {
          await session.stack(`${kind}-first-call`, simulator, { env }).run(stepRun(kind, options.n, "refresh")[0], ["refresh"]);
          spans.get(kind)?.push(readSpans(fs.readFileSync(log, "utf8")));
        } finally {
          fs.rmSync(log, { force: true });
        }
      }
    }
    print(options, spans);
    for (const [kind, { session, simulator }] of subjects) {
      await session.stack(`${kind}-first-call`, simulator, { env: environmentFor(kind, simulator) }).run(stepRun(kind, options.n, "destroy")[0], ["destroy"]);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    await Promise.all(simulators.map((simulator) => simulator.close()));
    for (const session of new Set([first, ...sessions.values()])) {
      try {
        session.close();
      } catch {
        // The baseline's plain-text headers fail the leak scan by design.
      }
    }
  }
}

/** The Read spans of one engine run, from its PULUMI_DEBUG_GRPC log (one JSON object per line). */
export function readSpans(log: string): ReadSpans {
  const sent = new Map<string, number>();
  const answered = new Map<string, number>();
  for (const line of log.split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as { method?: string; progress?: string; timestamp?: string; request?: { urn?: string } };
    const urn = entry.request?.urn;
    if (!entry.method?.endsWith("/Read") || urn === undefined || entry.timestamp === undefined) continue;
    if (entry.progress === "request_started") sent.set(urn, timestampMs(entry.timestamp));
    if (entry.progress === "response_completed") answered.set(urn, timestampMs(entry.timestamp));
  }
  const reads = [...sent].flatMap(([urn, start]) => {
    const end = answered.get(urn);
    return end === undefined ? [] : [{ start, end }];
  });
  if (reads.length === 0) throw new Error("bench: the engine's gRPC log holds no answered Read call.");
  const firstSent = Math.min(...reads.map((read) => read.start));
  const firstAnswer = Math.min(...reads.map((read) => read.end));
  const warm = reads.filter((read) => read.start >= firstAnswer).map((read) => read.end - read.start);
  return {
    firstWaveMs: firstAnswer - firstSent,
    warmReadMs: warm.length === 0 ? Number.NaN : median(warm),
    readsMs: Math.max(...reads.map((read) => read.end)) - firstSent,
  };
}

/** An RFC 3339 timestamp with nanoseconds (as the engine writes them), in fractional milliseconds. */
function timestampMs(timestamp: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(timestamp);
  if (!match?.[1]) throw new Error("bench: a gRPC log entry has a timestamp this reader does not know.");
  return Date.parse(`${match[1]}Z`) + Number(`0${match[2] ?? ""}`) * 1000;
}

function print(options: Options, spans: ReadonlyMap<ProviderKind, readonly ReadSpans[]>): void {
  const format = (ms: number): string => (Number.isNaN(ms) ? "–" : ms.toFixed(0));
  console.log(
    `\nRefresh of ${options.n} webhooks, simulator latency ${options.latencyMs} ms, ${options.pairs} runs per kind (medians; each run's figures after the colon):\n`,
  );
  console.log("| kind | first wave (ms) | warm Read (ms) | first-call cost (ms) | all Reads (ms) |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [kind, runs] of spans) {
    const column = (pick: (run: ReadSpans) => number): string => `${format(median(runs.map(pick)))}: ${runs.map((run) => format(pick(run))).join(", ")}`;
    console.log(
      `| ${kind} | ${column((run) => run.firstWaveMs)} | ${column((run) => run.warmReadMs)} | ${column((run) => run.firstWaveMs - run.warmReadMs)} | ${column((run) => run.readsMs)} |`,
    );
  }
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: "string", default: "10" },
      pairs: { type: "string", default: "5" },
      latency: { type: "string", default: "50" },
      kinds: { type: "string", default: PROVIDER_KINDS.join(",") },
    },
  });
  const kinds = parseKinds(values.kinds);
  const n = Number(values.n);
  const pairs = Number(values.pairs);
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(pairs) || pairs < 1 || !Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new Error("bench: --n and --pairs take positive integers, --latency a number of milliseconds.");
  }
  return { n, pairs, latencyMs, kinds };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
