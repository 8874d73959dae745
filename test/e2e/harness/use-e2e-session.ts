import type { Simulator } from "../../../simulator";
import { E2eSession, ENGINE_TIMEOUT_MS, type E2eStack, type SessionOptions, type StackOptions } from "../../../testkit/engine/e2e-session";

// The one session of a test file (or of a describe block): made in a beforeAll, closed in an
// afterAll. Closing runs the leak scan, so a secret found in plain text fails the file.

export interface E2eSessionInUse {
  /** The session, from the first beforeAll of the block on. */
  readonly session: E2eSession;
  /** The same as `session.stack(…)`. */
  stack(name: string, simulator: Simulator, options?: StackOptions): E2eStack;
}

/**
 * Registers the beforeAll that makes the session and the afterAll that closes it (unless a
 * test closed it already). Hooks declared after this call see the session; jest runs the
 * afterAll hooks in the order they were declared.
 */
export function useE2eSession(options: SessionOptions = {}): E2eSessionInUse {
  let session: E2eSession | undefined;
  beforeAll(() => {
    session = new E2eSession(options);
  }, ENGINE_TIMEOUT_MS);
  afterAll(() => {
    if (session && !session.closed) session.close();
  });
  const current = (): E2eSession => {
    if (!session) throw new Error("e2e: the session exists from useE2eSession's beforeAll on; use it inside tests and later hooks.");
    return session;
  };
  return {
    get session() {
      return current();
    },
    stack: (name, simulator, stackOptions) => current().stack(name, simulator, stackOptions),
  };
}
