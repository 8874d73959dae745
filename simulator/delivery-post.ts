// The HTTP POST of one delivery: the webhook's configured headers, the loopback-only
// lookup, the attempt's deadline, and what came of it.
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { loopbackOnlyLookup, NON_LOOPBACK_CODE } from "./loopback";

export type PostOutcome =
  | { kind: "answered"; status: number }
  | { kind: "failed"; reason: string }
  /** The request could not even be made (a bad header, say); retrying will not help. */
  | { kind: "refused"; reason: string };

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  loopbackOnly: boolean;
  signal: AbortSignal;
}

// Set by the delivery itself; a configured twin would send the header twice.
const OWN_HEADERS = new Set(["content-type", "content-length"]);

/**
 * The webhook's `headers` (a JSON string holding an object, or blank) as request headers,
 * plus `Content-Type: application/json`. undefined when the text is not a JSON object, which
 * only out-of-band edits can store: the API refuses it.
 */
export function deliveryHeaders(configured: string): Record<string, string> | undefined {
  let parsed: unknown = {};
  if (configured.trim() !== "") {
    try {
      parsed = JSON.parse(configured);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (OWN_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  headers["Content-Type"] = "application/json";
  return headers;
}

/**
 * One delivery POST, without redirects or keep-alive (a pooled socket would hold the
 * receiver's close() open). Settles on the answer's status line; the body is read and dropped.
 */
export function postDelivery(url: URL, body: string, options: PostOptions): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const requestOptions: RequestOptions = {
      method: "POST",
      headers: { ...options.headers, "Content-Length": String(Buffer.byteLength(body)) },
      agent: false,
      signal: options.signal,
    };
    if (options.loopbackOnly) requestOptions.lookup = loopbackOnlyLookup;
    let req: ReturnType<typeof httpRequest>;
    try {
      req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, requestOptions);
    } catch (error) {
      // Node checks header names and values here, before anything is sent.
      resolve({ kind: "refused", reason: (error as Error).message });
      return;
    }
    const timer = setTimeout(() => {
      settle({ kind: "failed", reason: `timed out after ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    timer.unref();
    req.on("response", (res) => {
      res.resume();
      settle({ kind: "answered", status: res.statusCode ?? 0 });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === NON_LOOPBACK_CODE) settle({ kind: "refused", reason: "non-loopback endpoint" });
      else settle({ kind: "failed", reason: describe(error) });
    });
    req.end(body);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ABORT_ERR":
      return "aborted";
    default:
      return error.code === undefined ? error.message : `${error.code}: ${error.message}`;
  }
}
