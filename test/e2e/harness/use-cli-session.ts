import type { Simulator } from "../../../simulator";
import { startTestSimulator } from "../../../testkit/test-simulator";
import { CliSession } from "./cli-session";

// What a CLI-path test file sets up: one session for the file (made in a beforeAll, closed
// in an afterAll, which runs its leak scan) and an OpenSolar of its own for each test.

export interface CliSessionInUse {
  /** The file's session, from the first beforeAll on. */
  readonly session: CliSession;
  /** This test's OpenSolar, from its beforeEach on. */
  readonly simulator: Simulator;
}

export function useCliSession(): CliSessionInUse {
  let session: CliSession | undefined;
  let simulator: Simulator | undefined;
  beforeAll(() => {
    session = new CliSession();
  });
  afterAll(() => session?.close());
  beforeEach(async () => {
    simulator = await startTestSimulator();
  });
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });
  return {
    get session() {
      if (!session) throw new Error("e2e: the CLI session exists from useCliSession's beforeAll on; use it inside tests.");
      return session;
    },
    get simulator() {
      if (!simulator) throw new Error("e2e: each test's simulator exists from useCliSession's beforeEach on; use it inside tests.");
      return simulator;
    },
  };
}
