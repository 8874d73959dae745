import type { Simulator } from "../simulator";
import type { ProgramSpec } from "../testkit/driver/protocol";
import { PAYLOAD_FIELDS, TRIGGER_FIELDS } from "../testkit/engine/declarations";
import type { E2eSession } from "../testkit/engine/e2e-session";
import { exportedResources } from "../testkit/engine/exported-state";
import { ORG, TOKEN, withSimulator } from "../testkit/test-simulator";
import { cpuTimes } from "./cpu-time";

// One provider's whole lifecycle for N webhooks in one org, through the real engine (the
// e2e harness in testkit/: driver process, packed package, file backend) against a simulator that
// answers every API call after `latencyMs`. Each step is its own `pulumi` operation; its
// wall time is what the driver measured around it, and its requests are what the
// simulator recorded while it ran.

/**
 * `ours`: the dynamic OpenSolarWebhook; `baseline`: a naive dynamic provider
 * (testkit/driver/baseline-webhook.ts); `plugin`: the native `opensolar:index:Webhook`
 * served by the packed package's plugin folder (plugin-install.ts puts it in PULUMI_HOME).
 */
export type ProviderKind = "ours" | "baseline" | "plugin";
export const PROVIDER_KINDS: readonly ProviderKind[] = ["ours", "baseline", "plugin"];

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

export function runLifecycle(session: E2eSession, kind: ProviderKind, n: number, latencyMs: number, tag: string): Promise<LifecycleFigures> {
  return withSimulator(
    async (simulator) => {
      const stack = session.stack(`${kind}-${tag}`, simulator, { env: environmentFor(kind, simulator) });
      const declared = program(kind, n, { shareEndpoint: false, triggerFields: [...TRIGGER_FIELDS] });
      const updated = program(kind, n, { shareEndpoint: false, triggerFields: UPDATED_TRIGGERS });

      const measure = async (spec: ProgramSpec, operation: "up" | "refresh" | "destroy"): Promise<StepFigures> => {
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
      };
      const create = await measure(declared, "up");
      const noop = await measure(declared, "up");
      const update = await measure(updated, "up");
      const refresh = await measure(updated, "refresh");
      const { export: exported } = await stack.run(updated, ["export"]);
      const destroy = await measure(updated, "destroy");
      if (simulator.webhooks(ORG).length !== 0) throw new Error(`bench: ${kind} left webhooks behind after destroy.`);

      const resources = exportedResources(exported).filter((resource) => resource.type === RESOURCE_TYPES[kind]);
      if (resources.length !== n) throw new Error(`bench: ${kind} state holds ${resources.length} resources, not ${n}.`);
      const provider = resources[0]?.inputs?.["__provider"];
      const providerSource = typeof provider === "string" ? provider : "";
      const providerBytes = Buffer.byteLength(providerSource);
      const stateBytesPerResource = Math.round(resources.reduce((sum, resource) => sum + Buffer.byteLength(JSON.stringify(resource)), 0) / n);

      const shared = session.stack(`${kind}-${tag}-shared`, simulator, { env: environmentFor(kind, simulator) });
      const sharedProgram = program(kind, n, { shareEndpoint: true, triggerFields: [...TRIGGER_FIELDS] });
      simulator.clearRequests();
      const before = cpuTimes();
      const sharedUp = await shared.run(sharedProgram, ["up"]);
      const after = cpuTimes();
      const createSharedEndpoint = {
        ms: sharedUp.up.durationMs ?? Number.NaN,
        cpuMs: after.childrenMs - before.childrenMs,
        simulatorCpuMs: after.selfMs - before.selfMs,
        requests: countRequests(simulator),
      };
      await shared.run(sharedProgram, ["destroy"]);

      return { steps: { create, noop, update, refresh, destroy }, createSharedEndpoint, providerBytes, stateBytesPerResource, providerSource };
    },
    { latencyMs },
  );
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
  if (kind === "ours") return { webhooks: declarations };
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
