import { STATUS_CODES } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import { faultKind, type FaultList } from "./faults";
import type { RuntimeSettings } from "./options";
import { recordOf } from "./request-log";

// What DRF or a proxy in front of it would say; anything else falls back to the reason phrase.
const DETAILS: Readonly<Record<number, string>> = {
  429: "Request was throttled.",
  500: "A server error occurred.",
  503: "Service temporarily unavailable, try again later.",
};

/** Adds the global latency, then applies the first matching fault rule, if any. */
export function applyFaults(faults: FaultList, settings: RuntimeSettings): RequestHandler {
  return async (req, res, next) => {
    const rule = faults.take(req.method, req.path);
    const entry = recordOf(req);
    if (rule && entry) entry.faulted = faultKind(rule);

    const delay = settings.latencyMs + (rule?.latencyMs ?? 0);
    if (delay > 0) await sleep(delay);

    if (rule?.reset) {
      req.socket.destroy();
      return;
    }
    if (rule && (rule.status !== undefined || rule.rawBody !== undefined)) {
      const status = rule.status ?? 200;
      if (rule.retryAfter !== undefined) res.set("Retry-After", rule.retryAfter);
      if (rule.rawBody !== undefined) {
        res.status(status).type(rule.contentType ?? "application/json").send(rule.rawBody);
      } else if (status === 204 || status === 304) {
        res.status(status).end();
      } else {
        res.status(status).json({ detail: detailFor(status, rule.retryAfter) });
      }
      return;
    }
    if (rule?.loseResponse) swallowAnswer(req, res);
    next();
  };
}

/**
 * Lets the handler run and commit its change, then drops the connection where the answer
 * would go out: the client sees a network error although the server did the work.
 */
function swallowAnswer(req: Request, res: Response): void {
  const drop = function (this: Response): Response {
    req.socket.destroy();
    return this;
  };
  // Everything express writes goes through these three.
  res.writeHead = drop as unknown as Response["writeHead"];
  res.write = drop as unknown as Response["write"];
  res.end = drop as unknown as Response["end"];
}

function detailFor(status: number, retryAfter: string | undefined): string {
  if (status === 429 && retryAfter !== undefined && /^\d+$/.test(retryAfter)) {
    const seconds = Number(retryAfter);
    return `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  }
  return DETAILS[status] ?? STATUS_CODES[status] ?? "Error.";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // Unref'd: a pending delay must not keep a test runner alive after close().
    setTimeout(resolve, ms).unref();
  });
}
