import type { IncomingMessage } from "node:http";
import type { Request, RequestHandler } from "express";
import { recordableBody } from "./json-body";
import type { RecordedRequest } from "./types";
import { MASK, maskHeaders } from "./webhook-representation";

const recordsByRequest = new WeakMap<IncomingMessage, RecordedRequest>();

/** Every API request in arrival order, for tests to assert on what a client sent. */
export class RequestLog {
  #entries: RecordedRequest[] = [];

  /** A snapshot; the entries themselves still get their status when answered. */
  get entries(): readonly RecordedRequest[] {
    return [...this.#entries];
  }

  add(entry: RecordedRequest): void {
    this.#entries.push(entry);
  }

  clear(): void {
    this.#entries = [];
  }
}

// Headers that carry credentials: shown over HTTP with the scheme kept and the rest hidden.
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization"]);

/**
 * The entry as `GET /__simulator/requests` shows it: a terminal or a CI log is not a place
 * for a token, so credentials are masked there, and so are the values of a webhook's
 * `headers` in a request body (its shared secrets). `simulator.requests` (in process, for
 * tests that check what was sent) keeps everything as it arrived.
 */
export function withCredentialsMasked(entry: RecordedRequest): RecordedRequest {
  const headers = { ...entry.headers };
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (CREDENTIAL_HEADERS.has(name) && value !== undefined) headers[name] = maskCredentials(value);
  }
  const body: unknown = entry.body;
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const configured = (body as Record<string, unknown>)["headers"];
    if (typeof configured === "string") return { ...entry, headers, body: { ...body, headers: maskHeaders(configured) } };
  }
  return { ...entry, headers };
}

/** "Bearer abc" -> "Bearer ********"; a value without a scheme is hidden whole. */
function maskCredentials(value: string): string {
  const [scheme, ...credentials] = value.trim().split(/\s+/);
  if (scheme === undefined || scheme === "") return value;
  if (credentials.length === 0) return /^(bearer|basic|token)$/i.test(scheme) ? scheme : MASK;
  return `${scheme} ${MASK}`;
}

/** Records the request (after body parsing, before faults) and its status once answered. */
export function recordRequests(log: RequestLog): RequestHandler {
  return (req, res, next) => {
    const entry: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: queryOf(req),
      headers: headersOf(req),
      body: recordableBody(req),
      status: 0,
      at: Date.now(),
    };
    log.add(entry);
    recordsByRequest.set(req, entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
    });
    next();
  };
}

/** The entry recorded for this request, so faults can mark it. */
export function recordOf(req: Request): RecordedRequest | undefined {
  return recordsByRequest.get(req);
}

function queryOf(req: Request): Record<string, string> {
  const search = new URL(req.originalUrl, "http://simulator.invalid").searchParams;
  return Object.fromEntries(search.entries());
}

function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
