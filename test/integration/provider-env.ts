import type { Simulator, SimulatorOptions } from "pulumi-opensolar/simulator";
import { ownerKeyOf } from "../../provider/webhook/owner-marker";
import { ORG, startTestSimulator, TOKEN } from "../../testkit/test-simulator";

// Points the provider (driven directly, as the engine would) at a fresh simulator through
// the environment, with short timeouts and backoff so fault tests stay quick.

export async function startProviderSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = await startTestSimulator(options);
  process.env["OPENSOLAR_BASE_URL"] = simulator.url;
  process.env["OPENSOLAR_API_TOKEN"] = TOKEN;
  process.env["OPENSOLAR_ORG_ID"] = String(ORG);
  process.env["OPENSOLAR_TIMEOUT_MS"] = "400";
  process.env["OPENSOLAR_RETRY_BASE_MS"] = "20";
  return simulator;
}

let keyCounter = 0;
/** A new resource identity's owner key: the provider process remembers ids across tests. */
export function newOwnerKey(): string {
  keyCounter += 1;
  return ownerKeyOf(["test-project", "test-stack", "", `hook-${keyCounter}-${Date.now()}`]);
}
