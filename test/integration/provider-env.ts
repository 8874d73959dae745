import { LISTING_SHARED_FOR_MS } from "../../provider/webhook-directory";
import { startSimulator, type Simulator, type SimulatorOptions } from "pulumi-opensolar/simulator";

// Points the provider (driven directly, as the engine would) at a fresh simulator through
// the environment, with short timeouts and backoff so fault tests stay quick.

export const TOKEN = "integration-token-5f2c9a";
export const ORG = 41;
export const OTHER_ORG = 42;

export async function startProviderSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = await startSimulator({ tokens: { [TOKEN]: [ORG, OTHER_ORG] }, ...options });
  process.env["OPENSOLAR_BASE_URL"] = simulator.url;
  process.env["OPENSOLAR_API_TOKEN"] = TOKEN;
  process.env["OPENSOLAR_ORG_ID"] = String(ORG);
  process.env["OPENSOLAR_TIMEOUT_MS"] = "400";
  process.env["OPENSOLAR_RETRY_BASE_MS"] = "20";
  return simulator;
}

/** Requests that change something in OpenSolar. */
export function mutations(simulator: Simulator): string[] {
  return simulator.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}

/**
 * Waits until the provider's shared listing (one list call serves a wave of parallel reads
 * and creates) has expired, so the next call sees changes made behind its back, as a new
 * `pulumi refresh` or `pulumi up` would.
 */
export function afterSharedListing(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, LISTING_SHARED_FOR_MS + 50));
}
