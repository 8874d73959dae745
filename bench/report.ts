import type { ColdStartFigures } from "./cold-start";
import { PROVIDER_KINDS, STEPS, type ProviderKind, type RequestCounts, type Step, type StepFigures } from "./lifecycle";

// The benchmark figures as data (bench/results/latest.json) and as markdown tables, the
// same ones printed to the console and kept in README.md between the bench markers.

/** The label of the baseline's second column (`npm run bench -- --control`). */
export const CONTROL = "control";
/** Above it, a row of ours counts as slower than the baseline (issue 9's goal for the dynamic resource). */
const GOAL_RATIO = 1.05;

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
    /** `uptime`'s load averages (1, 5, 15 min) when the run started and when it ended: other work on the machine. */
    readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  };
  /** The kinds measured (`--kinds`); the others' columns are empty. */
  readonly kinds: readonly ProviderKind[];
  /** By kind, and with --control the baseline's second run under CONTROL. */
  readonly sizes: ReadonlyArray<{ readonly n: number; readonly seconds: number } & Readonly<Partial<Record<ProviderKind | typeof CONTROL, SizeFigures>>>>;
  readonly serializedProvider: Readonly<Partial<Record<ProviderKind, { readonly providerBytes: number; readonly stateBytesPerResource: number }>>>;
  readonly coldStart?: ColdStartFigures;
  /** Secrets found in plain text by the e2e leak scan (state, outputs, CLI files) of each provider's runs. */
  readonly leakScan: Readonly<Partial<Record<ProviderKind, number>>>;
}

const STEP_TITLES: Record<Step | "createSharedEndpoint", string> = {
  create: "`up`: create N",
  noop: "`up`: no change",
  update: "`up`: update N",
  refresh: "`refresh` of N",
  destroy: "`destroy` of N",
  createSharedEndpoint: "`up`: create N, one shared endpoint",
};

/** Column titles: `ours` is the package's dynamic OpenSolarWebhook, `plugin` its native provider. */
const KIND_TITLES: Record<ProviderKind, string> = { ours: "ours (dynamic)", baseline: "baseline", plugin: "plugin (native)" };

export function markdown(results: BenchResults): string {
  const { environment: env } = results;
  const controlled = results.sizes.some((size) => size[CONTROL] !== undefined);
  const load = (averages: readonly number[]) => averages.map((value) => value.toFixed(2)).join(" ");
  const sections = [
    `Simulator latency ${env.simulatorLatencyMs} ms per API call; Pulumi CLI ${env.pulumiCli}, @pulumi/pulumi ${env.pulumiSdk}, ` +
      `Node.js ${env.node}, ${env.cpus} CPUs, engine parallelism ${env.engineParallelism}; ` +
      `${env.repeat === 1 ? "one run" : `median of ${env.repeat} runs`} per figure. Sizes took ${results.sizes.map((size) => `N=${size.n}: ${size.seconds} s`).join(", ")}. ` +
      `Load average (1, 5, 15 min) ${load(env.loadAverage.start)} at the start, ${load(env.loadAverage.end)} at the end.`,
    "",
    "Wall time of each operation (engine start to end) and HTTP requests it made: ours (the dynamic `OpenSolarWebhook`), " +
      "the baseline (a naive dynamic provider) and the plugin (the native `opensolar:index:Webhook`)" +
      (controlled ? "; the control is the baseline run a second time in the same rounds, the noise floor of every ratio:" : ":"),
    "",
    table(
      [
        "N",
        "operation",
        ...PROVIDER_KINDS.map((kind) => KIND_TITLES[kind]),
        "ours / baseline",
        "plugin / baseline",
        ...(controlled ? ["control / baseline"] : []),
        ...PROVIDER_KINDS.map((kind) => `requests: ${kind}`),
      ],
      results.sizes.flatMap((size) =>
        [...STEPS, "createSharedEndpoint" as const].map((step) => {
          const figures = (kind: ProviderKind) => figuresOf(size[kind], step);
          const baseline = figures("baseline")?.ms;
          return [
            String(size.n),
            STEP_TITLES[step],
            ...PROVIDER_KINDS.map((kind) => seconds(figures(kind)?.ms)),
            ratio(figures("ours")?.ms, baseline),
            ratio(figures("plugin")?.ms, baseline),
            ...(controlled ? [ratio(figuresOf(size[CONTROL], step)?.ms, baseline)] : []),
            ...PROVIDER_KINDS.map((kind) => requests(figures(kind)?.requests)),
          ];
        }),
      ),
    ),
    ...goalLines(results, controlled),
    "",
    "CPU the operation burnt (the driver with the inline program, the engine, the providers: every process of the run; " +
      "the wall times above depend on how busy the machine was, these much less) and, after the slash, the simulator's:",
    "",
    table(
      ["N", "operation", ...PROVIDER_KINDS.map((kind) => `CPU: ${kind}`), "ours / baseline", "plugin / baseline"],
      results.sizes.flatMap((size) =>
        [...STEPS, "createSharedEndpoint" as const].map((step) => {
          const figures = (kind: ProviderKind) => figuresOf(size[kind], step);
          const baseline = figures("baseline")?.cpuMs;
          return [
            String(size.n),
            STEP_TITLES[step],
            ...PROVIDER_KINDS.map((kind) => cpu(figures(kind))),
            ratio(figures("ours")?.cpuMs, baseline),
            ratio(figures("plugin")?.cpuMs, baseline),
          ];
        }),
      ),
    ),
    "",
    "Growth with N (milliseconds per webhook):",
    "",
    table(
      ["operation", ...results.sizes.flatMap((size) => PROVIDER_KINDS.map((kind) => `${kind} N=${size.n}`))],
      (["create", "update", "refresh", "destroy"] as const).map((step) => [
        STEP_TITLES[step],
        ...results.sizes.flatMap((size) => PROVIDER_KINDS.map((kind) => perItem(size[kind]?.steps[step].ms, size.n))),
      ]),
    ),
    "",
    table(
      ["", ...PROVIDER_KINDS.map((kind) => KIND_TITLES[kind])],
      [
        ["serialized provider in state (`__provider`, bytes)", ...kinds((kind) => count(results.serializedProvider[kind]?.providerBytes))],
        ["one resource in `pulumi stack export` (bytes)", ...kinds((kind) => count(results.serializedProvider[kind]?.stateBytesPerResource))],
        ...coldStartRows(results.coldStart),
        ["occurrences of the token or a header value in plain text (e2e leak scan: state, outputs, CLI files)", ...kinds((kind) => count(results.leakScan[kind]))],
      ],
    ),
  ];
  return sections.join("\n");
}

/**
 * How many rows of ours are above the goal's ratio and, with a control, how many of the
 * baseline's second run are: the same code's spread from itself, which the goal must beat.
 */
function goalLines(results: BenchResults, controlled: boolean): string[] {
  if (!results.kinds.includes("ours") || !results.kinds.includes("baseline")) return [];
  const rows = results.sizes.flatMap((size) => [...STEPS, "createSharedEndpoint" as const].map((step) => ({ size, step })));
  const over = (label: ProviderKind | typeof CONTROL): string => {
    const ratios = rows.flatMap(({ size, step }) => {
      const ms = figuresOf(size[label], step)?.ms;
      const baseline = figuresOf(size.baseline, step)?.ms;
      return ms === undefined || baseline === undefined || baseline <= 0 ? [] : [ms / baseline];
    });
    const worst = ratios.length === 0 ? "–" : `${Math.max(...ratios).toFixed(2)}×`;
    return `${ratios.filter((value) => value > GOAL_RATIO).length} of ${ratios.length} rows above ${GOAL_RATIO.toFixed(2)}× (the highest ${worst})`;
  };
  return [
    "",
    `Ours against the baseline: ${over("ours")}.` +
      (controlled ? ` The control, the baseline run a second time beside it, against the baseline: ${over(CONTROL)}.` : ""),
  ];
}

function coldStartRows(coldStart: ColdStartFigures | undefined): string[][] {
  if (!coldStart) return [];
  return [
    [
      `\`node -e "require(module)"\` (ms, median of ${coldStart.runs}; bare node ${coldStart.bareNodeMs.toFixed(0)} ms)`,
      coldStart.requireMs.ours.toFixed(0),
      coldStart.requireMs.baseline.toFixed(0),
      "–",
    ],
    ["provider ready from `__provider`, after @pulumi/pulumi is loaded (ms)", coldStart.providerReadyMs.ours.toFixed(1), coldStart.providerReadyMs.baseline.toFixed(1), "–"],
    [`\`pulumi-resource-opensolar\` spawned to its port printed (ms, median of ${coldStart.runs})`, "–", "–", coldStart.pluginListeningMs.toFixed(0)],
  ];
}

function figuresOf(size: SizeFigures | undefined, step: Step | "createSharedEndpoint"): StepFigures | undefined {
  if (!size) return undefined;
  return step === "createSharedEndpoint" ? size.createSharedEndpoint : size.steps[step];
}

function kinds(format: (kind: ProviderKind) => string): string[] {
  return PROVIDER_KINDS.map(format);
}

function count(value: number | undefined): string {
  return value === undefined ? "–" : String(value);
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`;
}

function cpu(figures: StepFigures | undefined): string {
  return figures === undefined ? "–" : `${seconds(figures.cpuMs)} / ${seconds(figures.simulatorCpuMs)}`;
}

function ratio(ms: number | undefined, baseline: number | undefined): string {
  return ms !== undefined && baseline !== undefined && baseline > 0 ? `${(ms / baseline).toFixed(2)}×` : "–";
}

function perItem(ms: number | undefined, n: number): string {
  return ms === undefined ? "–" : (ms / n).toFixed(0);
}

/** "12 (11 POST, 1 GET)": the total, then by method. */
function requests(counts: RequestCounts | undefined): string {
  if (!counts) return "–";
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
