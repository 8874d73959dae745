import { startSimulator, type Simulator, type SimulatorOptions } from "../../../simulator";

// The simulator each e2e test talks to, started in the test's own process on a free port,
// so the test can look at what OpenSolar holds and what requests reached it.

export const TOKEN = "e2e-token-0c7d41f9a2";
export const ORG = 1;
export const OTHER_ORG = 2;

export function startE2eSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ tokens: { [TOKEN]: [ORG, OTHER_ORG] }, ...options });
}

/** The requests that change something in OpenSolar, as "METHOD path". */
export function mutations(simulator: Simulator): string[] {
  return simulator.requests.filter((request) => request.method !== "GET").map((request) => `${request.method} ${request.path}`);
}

/**
 * Runs `work` against a simulator of its own, closed afterwards. Tests run one after the
 * other: with test.concurrent, jest refuses the lazy require() calls that express makes
 * mid-request once another concurrent test has ended (a JSON body then gets a 415).
 */
export async function withSimulator<T>(work: (simulator: Simulator) => Promise<T>, options: SimulatorOptions = {}): Promise<T> {
  const simulator = await startE2eSimulator(options);
  try {
    return await work(simulator);
  } finally {
    await simulator.close();
  }
}
