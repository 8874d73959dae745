import type { RecordedRequest, Simulator } from "../../../simulator";

// Acting in the middle of an engine run: the engine runs in another process, so the test's
// own event loop is free to watch the simulator's request log and step in (revoke a token,
// start a burst of 429s, kill the engine) once enough of some kind of request has arrived.

const POLL_MS = 5;

export interface RequestWatch {
  /** Resolves once the action has run. */
  readonly fired: Promise<void>;
  /** Stops watching; the action no longer runs if it has not yet. */
  stop(): void;
}

/** Runs `action` once, as soon as the requests recorded so far satisfy `condition`. */
export function whenRequests(
  simulator: Simulator,
  condition: (requests: readonly RecordedRequest[]) => boolean,
  action: () => void,
): RequestWatch {
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<void>((resolve) => {
    const poll = () => {
      if (!condition(simulator.requests)) return;
      clearInterval(timer);
      timer = undefined;
      action();
      resolve();
    };
    timer = setInterval(poll, POLL_MS);
  });
  return {
    fired,
    stop: () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}

/** Resolves once no request has arrived for `quietMs` (what was in flight has landed). */
export async function requestsSettled(simulator: Simulator, quietMs: number): Promise<void> {
  let seen = simulator.requests.length;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 4));
    const now = simulator.requests.length;
    if (now !== seen) {
      seen = now;
      quietSince = Date.now();
    }
  }
}

export const isPost = (request: RecordedRequest): boolean => request.method === "POST";

/** A POST that created a webhook (its answer may still be lost on the way). */
export const isCreated = (request: RecordedRequest): boolean => isPost(request) && request.status === 201;

export function countOf(requests: readonly RecordedRequest[], matches: (request: RecordedRequest) => boolean): number {
  return requests.filter(matches).length;
}
