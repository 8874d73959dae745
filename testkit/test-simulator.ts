import { isOwnerHeaderName, withoutMarkers } from "../provider/webhook/owner-marker";
import { startSimulator, type Simulator, type SimulatorOptions, type StoredWebhook } from "../simulator";

// The OpenSolar account every provider test talks to (integration, e2e, benchmarks): one API
// token bound to two orgs, on a simulator started in the caller's process on a free port, so
// the caller can look at what OpenSolar holds and what requests reached it.

export const TOKEN = "test-token-0c7d41f9a2";
/** The default org (`opensolar:orgId`). Not 1, which a forgotten org id could fall back to. */
export const ORG = 41;
export const OTHER_ORG = 42;

export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ tokens: { [TOKEN]: [ORG, OTHER_ORG] }, ...options });
}

/**
 * Runs `work` against a simulator of its own, closed afterwards. Tests run one after the
 * other: with test.concurrent, jest refuses the lazy require() calls that express makes
 * mid-request once another concurrent test has ended (a JSON body then gets a 415).
 */
export async function withSimulator<T>(work: (simulator: Simulator) => Promise<T>, options: SimulatorOptions = {}): Promise<T> {
  const simulator = await startTestSimulator(options);
  try {
    return await work(simulator);
  } finally {
    await simulator.close();
  }
}

/** The requests that change something in OpenSolar, as "METHOD path". */
export function mutations(simulator: Simulator): string[] {
  return simulator.requests.filter((request) => request.method !== "GET").map((request) => `${request.method} ${request.path}`);
}

/**
 * What a webhook in OpenSolar sends: its headers without the provider's ownership markers
 * (provider/owner-marker.ts), and the names of those markers.
 */
export function sentHeaders(webhook: Pick<StoredWebhook, "headers"> | undefined): { headers: Record<string, string>; markers: string[] } {
  if (!webhook) throw new Error("sentHeaders: OpenSolar holds no such webhook.");
  const all = JSON.parse(webhook.headers || "{}") as Record<string, string>;
  return { headers: withoutMarkers(all), markers: Object.keys(all).filter(isOwnerHeaderName) };
}

/** The one webhook OpenSolar holds in `org`; throws when it holds none or several. */
export function onlyWebhook(simulator: Simulator, org: number = ORG): StoredWebhook {
  const [webhook, ...others] = simulator.webhooks(org);
  if (!webhook || others.length > 0) throw new Error(`OpenSolar holds ${simulator.webhooks(org).length} webhooks in org ${org}, not one.`);
  return webhook;
}
