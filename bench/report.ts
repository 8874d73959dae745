import type { ColdStartFigures } from "./cold-start";
import { STEPS, type ProviderKind, type RequestCounts, type Step, type StepFigures } from "./lifecycle";

// The benchmark figures as data (bench/results/latest.json) and as markdown tables, the
// same ones printed to the console and kept in README.md between the bench markers.

export interface SizeFigures {
  readonly steps: Readonly<Record<Step, StepFigures>>;
  readonly createSharedEndpoint: StepFigures;
}

export interface BenchResults {
  readonly generatedAt: string;
  readonly command: string;
  readonly environment: {
    readonly node: string;
    readonly cpus: number;
    readonly pulumiCli: string;
    readonly pulumiSdk: string;
    readonly engineParallelism: string;
    readonly simulatorLatencyMs: number;
    readonly repeat: number;
  };
  readonly sizes: ReadonlyArray<{ readonly n: number; readonly seconds: number } & Readonly<Record<ProviderKind, SizeFigures>>>;
  readonly serializedProvider: Readonly<Record<ProviderKind, { readonly providerBytes: number; readonly stateBytesPerResource: number }>>;
  readonly coldStart: ColdStartFigures;
  /** Secrets found in plain text by the e2e leak scan (state, outputs, CLI files) of each provider's runs. */
  readonly leakScan: Readonly<Record<ProviderKind, number>>;
}

const STEP_TITLES: Record<Step | "createSharedEndpoint", string> = {
  create: "`up`: create N",
  noop: "`up`: no change",
  update: "`up`: update N",
  refresh: "`refresh` of N",
  destroy: "`destroy` of N",
  createSharedEndpoint: "`up`: create N, one shared endpoint",
};

export function markdown(results: BenchResults): string {
  const { environment: env } = results;
  const sections = [
    `Simulator latency ${env.simulatorLatencyMs} ms per API call; Pulumi CLI ${env.pulumiCli}, @pulumi/pulumi ${env.pulumiSdk}, ` +
      `Node.js ${env.node}, ${env.cpus} CPUs, engine parallelism ${env.engineParallelism}; ` +
      `${env.repeat === 1 ? "one run" : `median of ${env.repeat} runs`} per figure. Sizes took ${results.sizes.map((size) => `N=${size.n}: ${size.seconds} s`).join(", ")}.`,
    "",
    "Wall time of each operation (engine start to end) and HTTP requests it made, ours vs the baseline:",
    "",
    table(
      ["N", "operation", "ours", "baseline", "ours / baseline", "requests: ours", "requests: baseline"],
      results.sizes.flatMap((size) =>
        [...STEPS, "createSharedEndpoint" as const].map((step) => {
          const ours = figuresOf(size.ours, step);
          const baseline = figuresOf(size.baseline, step);
          return [
            String(size.n),
            STEP_TITLES[step],
            seconds(ours.ms),
            seconds(baseline.ms),
            ratio(ours.ms, baseline.ms),
            requests(ours.requests),
            requests(baseline.requests),
          ];
        }),
      ),
    ),
    "",
    "Growth with N (milliseconds per webhook):",
    "",
    table(
      ["operation", ...results.sizes.flatMap((size) => [`ours N=${size.n}`, `baseline N=${size.n}`])],
      (["create", "update", "refresh", "destroy"] as const).map((step) => [
        STEP_TITLES[step],
        ...results.sizes.flatMap((size) => [perItem(size.ours.steps[step].ms, size.n), perItem(size.baseline.steps[step].ms, size.n)]),
      ]),
    ),
    "",
    table(
      ["", "ours", "baseline"],
      [
        ["serialized provider in state (`__provider`, bytes)", ...kinds((kind) => String(results.serializedProvider[kind].providerBytes))],
        ["one resource in `pulumi stack export` (bytes)", ...kinds((kind) => String(results.serializedProvider[kind].stateBytesPerResource))],
        [
          `\`node -e "require(module)"\` (ms, median of ${results.coldStart.runs}; bare node ${results.coldStart.bareNodeMs.toFixed(0)} ms)`,
          ...kinds((kind) => results.coldStart.requireMs[kind].toFixed(0)),
        ],
        ["provider ready from `__provider`, after @pulumi/pulumi is loaded (ms)", ...kinds((kind) => results.coldStart.providerReadyMs[kind].toFixed(1))],
        ["occurrences of the token or a header value in plain text (e2e leak scan: state, outputs, CLI files)", ...kinds((kind) => String(results.leakScan[kind]))],
      ],
    ),
  ];
  return sections.join("\n");
}

function figuresOf(size: SizeFigures, step: Step | "createSharedEndpoint"): StepFigures {
  return step === "createSharedEndpoint" ? size.createSharedEndpoint : size.steps[step];
}

function kinds(format: (kind: ProviderKind) => string): [string, string] {
  return [format("ours"), format("baseline")];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function ratio(ours: number, baseline: number): string {
  return baseline > 0 ? `${(ours / baseline).toFixed(2)}×` : "–";
}

function perItem(ms: number, n: number): string {
  return (ms / n).toFixed(0);
}

/** "12 (11 POST, 1 GET)": the total, then by method. */
function requests(counts: RequestCounts): string {
  const parts = (["POST", "PATCH", "DELETE", "GET"] as const).filter((method) => counts[method] > 0).map((method) => `${counts[method]} ${method}`);
  return parts.length === 0 ? "0" : `${counts.total} (${parts.join(", ")})`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const README_START = "<!-- bench:start -->";
const README_END = "<!-- bench:end -->";

/** README.md with the tables between the bench markers replaced; throws if the markers are missing. */
export function withBenchTables(readme: string, tables: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`bench: README.md has no ${README_START} … ${README_END} section to update.`);
  return `${readme.slice(0, start + README_START.length)}\n\n${tables}\n\n${readme.slice(end)}`;
}
