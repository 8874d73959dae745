import type { Simulator } from "../simulator";
import type { ProgramSpec } from "../testkit/driver/protocol";
import { PAYLOAD_FIELDS, TRIGGER_FIELDS } from "../testkit/engine/declarations";
import type { E2eSession, E2eStack } from "../testkit/engine/e2e-session";
import { exportedResources } from "../testkit/engine/exported-state";
import { ORG, startTestSimulator, TOKEN, withSimulator } from "../testkit/test-simulator";
import { cpuTimes } from "./cpu-time";

// Each provider's whole lifecycle for N webhooks in one org, through the real engine (the
// e2e harness in testkit/: driver process, packed package, file backend) against a simulator
// per provider that answers every API call after `latencyMs`. Each step is its own `pulumi`
// operation, run for every provider before the next step; its wall time is what the driver
// measured around it, and its requests are what the simulator recorded while it ran.

/**
 * `ours`: the dynamic OpenSolarWebhook; `baseline`: a naive dynamic provider
 * (testkit/driver/baseline-webhook.ts); `plugin`: the native `opensolar:index:Webhook`
 * served by the packed package's plugin folder (plugin-install.ts puts it in PULUMI_HOME).
 */
export type ProviderKind = "ours" | "baseline" | "plugin";
export const PROVIDER_KINDS: readonly ProviderKind[] = ["ours", "baseline", "plugin"];

/** The kinds a `--kinds` option names (comma-separated), in PROVIDER_KINDS' order; throws, with `usage`, on an unknown or repeated one. */
export function parseKinds(text: string, usage = ""): ProviderKind[] {
  const named = text.split(",").map((part) => part.trim());
  const kinds = PROVIDER_KINDS.filter((kind) => named.includes(kind));
  if (kinds.length === 0 || kinds.length !== named.length) throw new Error(`bench: --kinds takes ${PROVIDER_KINDS.join(", ")}, comma-separated.${usage === "" ? "" : `\n${usage}`}`);
  return kinds;
}

/** The type token of each kind's webhooks in state. */
const RESOURCE_TYPES: Record<ProviderKind, string> = {
  ours: "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook",
  baseline: "pulumi-nodejs:dynamic/baseline:BaselineWebhook",
  plugin: "opensolar:index:Webhook",
};

export const STEPS = ["create", "noop", "update", "refresh", "destroy"] as const;
export type Step = (typeof STEPS)[number];

export interface RequestCounts {
  readonly GET: number;
  readonly POST: number;
  readonly PATCH: number;
  readonly DELETE: number;
  readonly total: number;
}

export interface StepFigures {
  readonly ms: number;
  /** CPU of the driver, the engine, the language host and the providers during the step (cpu-time.ts). */
  readonly cpuMs: number;
  /** CPU of the bench process during the step: the simulator answering, mostly. */
  readonly simulatorCpuMs: number;
  readonly requests: RequestCounts;
  /** With --repeat: each run's wall time, of which `ms` is the median. */
  readonly runsMs?: readonly number[];
}

export interface LifecycleFigures {
  readonly steps: Readonly<Record<Step, StepFigures>>;
  /** `up` of N webhooks that share one endpoint (different trigger lists), from empty. */
  readonly createSharedEndpoint: StepFigures;
  /** Bytes of `__provider` in one resource's state (0 for the plugin: it has none), and of the whole resource in `pulumi stack export`. */
  readonly providerBytes: number;
  readonly stateBytesPerResource: number;
  /** The `__provider` text itself, for the cold-start figures ("" for the plugin). */
  readonly providerSource: string;
}

export const HEADER_SECRET = "bench-hook-secret-4f0a93c1d7";
const UPDATED_TRIGGERS = ["project.stage", "project.installation_date"];

/** The program and the operation of a step: the update step changes every webhook's trigger list. */
export function stepRun(kind: ProviderKind, n: number, step: Step): [ProgramSpec, "up" | "refresh" | "destroy"] {
  const triggerFields = step === "create" || step === "noop" ? [...TRIGGER_FIELDS] : UPDATED_TRIGGERS;
  const operation = step === "refresh" ? "refresh" : step === "destroy" ? "destroy" : "up";
  return [program(kind, n, { shareEndpoint: false, triggerFields }), operation];
}

/** The figures one step made: wall time, CPU, and the requests its simulator recorded. */
async function measure(stack: E2eStack, simulator: Simulator, spec: ProgramSpec, operation: "up" | "refresh" | "destroy"): Promise<StepFigures> {
  simulator.clearRequests();
  const before = cpuTimes();
  const results = await stack.run(spec, [operation]);
  const after = cpuTimes();
  return {
    ms: results[operation].durationMs ?? Number.NaN,
    cpuMs: after.childrenMs - before.childrenMs,
    simulatorCpuMs: after.selfMs - before.selfMs,
    requests: countRequests(simulator),
  };
}

/** What one column of the benchmark measures: a kind, run in a session of its own, under a label ("control" runs the baseline a second time). */
export interface Contender {
  readonly label: string;
  readonly kind: ProviderKind;
  readonly session: E2eSession;
}

/** One contender's stack for N webhooks, on a simulator of its own (its org holds only its webhooks). */
interface Subject {
  readonly label: string;
  readonly kind: ProviderKind;
  readonly session: E2eSession;
  readonly simulator: Simulator;
  readonly stack: E2eStack;
  readonly figures: Partial<Record<Step, StepFigures>>;
}

/**
 * The whole lifecycle of N webhooks for each contender, one step at a time: each step runs
 * for every contender (in the order given) before the next step starts, so the columns
 * compared in a row meet the machine within seconds of each other, not minutes apart (a
 * slower minute would otherwise land on one contender's whole lifecycle). Figures by label.
 */
export async function runLifecycles(contenders: readonly Contender[], n: number, latencyMs: number, tag: string): Promise<Map<string, LifecycleFigures>> {
  const simulators = await Promise.all(contenders.map(() => startTestSimulator({ latencyMs })));
  try {
    const subjects: Subject[] = contenders.map(({ label, kind, session }, index) => {
      const simulator = simulators[index];
      if (!simulator) throw new Error(`bench: no simulator for ${label}.`);
      return { label, kind, session, simulator, stack: session.stack(`${label}-${tag}`, simulator, { env: environmentFor(kind, simulator) }), figures: {} };
    });
    const results = new Map<string, LifecycleFigures>();
    const state = new Map<string, Pick<LifecycleFigures, "providerBytes" | "stateBytesPerResource" | "providerSource">>();
    for (const step of STEPS) {
      if (step === "destroy") for (const subject of subjects) state.set(subject.label, await stateFigures(subject, n));
      for (const subject of subjects) {
        const [spec, operation] = stepRun(subject.kind, n, step);
        subject.figures[step] = await measure(subject.stack, subject.simulator, spec, operation);
      }
    }
    for (const subject of subjects) {
      if (subject.simulator.webhooks(ORG).length !== 0) throw new Error(`bench: ${subject.label} left webhooks behind after destroy.`);
    }
    const shared = new Map<string, StepFigures>();
    for (const subject of subjects) {
      const stack = subject.session.stack(`${subject.label}-${tag}-shared`, subject.simulator, { env: environmentFor(subject.kind, subject.simulator) });
      const sharedProgram = program(subject.kind, n, { shareEndpoint: true, triggerFields: [...TRIGGER_FIELDS] });
      shared.set(subject.label, await measure(stack, subject.simulator, sharedProgram, "up"));
      await stack.run(sharedProgram, ["destroy"]);
    }
    for (const subject of subjects) {
      const steps = Object.fromEntries(STEPS.map((step) => [step, subject.figures[step] as StepFigures])) as Record<Step, StepFigures>;
      results.set(subject.label, { steps, createSharedEndpoint: shared.get(subject.label) as StepFigures, ...(state.get(subject.label) as Pick<LifecycleFigures, "providerBytes" | "stateBytesPerResource" | "providerSource">) });
    }
    return results;
  } finally {
    await Promise.all(simulators.map((simulator) => simulator.close()));
  }
}

/** What one resource of the kind costs in state, read from `pulumi stack export` after the refresh. */
async function stateFigures(subject: Subject, n: number): Promise<Pick<LifecycleFigures, "providerBytes" | "stateBytesPerResource" | "providerSource">> {
  const { export: exported } = await subject.stack.run(stepRun(subject.kind, n, "refresh")[0], ["export"]);
  const resources = exportedResources(exported).filter((resource) => resource.type === RESOURCE_TYPES[subject.kind]);
  if (resources.length !== n) throw new Error(`bench: ${subject.label} state holds ${resources.length} resources, not ${n}.`);
  const provider = resources[0]?.inputs?.["__provider"];
  const providerSource = typeof provider === "string" ? provider : "";
  return {
    providerBytes: Buffer.byteLength(providerSource),
    stateBytesPerResource: Math.round(resources.reduce((sum, resource) => sum + Buffer.byteLength(JSON.stringify(resource)), 0) / n),
    providerSource,
  };
}

/** One webhook created and destroyed, unmeasured: the first run of a driver pays for cold caches. */
export function warmUp(session: E2eSession, kind: ProviderKind): Promise<void> {
  return withSimulator(async (simulator) => {
    const stack = session.stack(`${kind}-warm-up`, simulator, { env: environmentFor(kind, simulator) });
    const spec = program(kind, 1, { shareEndpoint: false, triggerFields: [...TRIGGER_FIELDS] });
    await stack.run(spec, ["up", "destroy"]);
  });
}

/** The baseline reads the token and the API root from the environment; ours and the plugin from stack config (the harness sets it). */
export function environmentFor(kind: ProviderKind, simulator: Simulator): Record<string, string> {
  return kind === "baseline" ? { OPENSOLAR_API_TOKEN: TOKEN, OPENSOLAR_BASE_URL: simulator.url } : {};
}

interface Variant {
  /** One endpoint for all, each webhook with its own trigger list; else an endpoint each. */
  readonly shareEndpoint: boolean;
  readonly triggerFields: readonly string[];
}

export function program(kind: ProviderKind, n: number, variant: Variant): ProgramSpec {
  const declarations = Array.from({ length: n }, (_, index) => ({
    name: `hook-${index}`,
    endpoint: variant.shareEndpoint ? "https://receiver.example.com/opensolar" : `https://receiver.example.com/opensolar/${index}`,
    headers: { "X-OpenSolar-Webhook-Secret": HEADER_SECRET },
    // Shared endpoint: distinct trigger lists, so no two declarations are identical.
    triggerFields: variant.shareEndpoint ? [...variant.triggerFields, `project.custom_field_${index}`] : [...variant.triggerFields],
    payloadFields: [...PAYLOAD_FIELDS],
  }));
  // Declared, none exported, for each kind alike: a webhook's exported outputs are the
  // program's work (an Output each to serialize and record), not the provider's.
  if (kind === "ours") return { webhooks: [], rawWebhooks: declarations.map(({ name, ...args }) => ({ name, args })) };
  const withOrg = declarations.map((declaration) => ({ ...declaration, orgId: ORG }));
  return kind === "baseline" ? { webhooks: [], baselineWebhooks: withOrg } : { webhooks: [], nativeWebhooks: withOrg };
}

function countRequests(simulator: Simulator): RequestCounts {
  const counts = { GET: 0, POST: 0, PATCH: 0, DELETE: 0, total: 0 };
  for (const request of simulator.requests) {
    if (request.method === "GET" || request.method === "POST" || request.method === "PATCH" || request.method === "DELETE") counts[request.method]++;
    counts.total++;
  }
  return counts;
}
