import type { IncomingMessage } from "node:http";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import { ApiError } from "./api-errors";

// Body errors wait until a handler reads the body: DRF parses lazily, so on a bad body
// an unauthenticated request still gets 401 and an unknown route still gets 404.
const bodyErrors = new WeakMap<IncomingMessage, ApiError>();
const rawBodies = new WeakMap<IncomingMessage, string>();

/** Parses JSON bodies without failing the request; see {@link readJsonObject}. */
export function jsonBody(): [RequestHandler, ErrorRequestHandler] {
  const parse = express.json({
    verify: (req, _res, buf) => {
      rawBodies.set(req, buf.toString("utf8"));
    },
  });
  const deferError: ErrorRequestHandler = (error: unknown, req, _res, next) => {
    bodyErrors.set(req, toApiError(error));
    next();
  };
  return [parse, deferError];
}

/** What to record as the body: parsed JSON, else the raw text that failed to parse. */
export function recordableBody(req: Request): unknown {
  return bodyErrors.has(req) ? rawBodies.get(req) : req.body;
}

/** The request's JSON object body ({} when there is none), or the DRF error for it. */
export function readJsonObject(req: Request): Record<string, unknown> {
  const error = bodyErrors.get(req);
  if (error) throw error;
  const body: unknown = req.body;
  if (body === undefined) {
    const type = req.get("content-type");
    if (type !== undefined && hasBody(req)) {
      throw new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
    }
    return {};
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const got = Array.isArray(body) ? "list" : typeof body;
    throw new ApiError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
  }
  return body as Record<string, unknown>;
}

function hasBody(req: Request): boolean {
  return req.get("transfer-encoding") !== undefined || Number(req.get("content-length") ?? "0") > 0;
}

function toApiError(error: unknown): ApiError {
  const failure = error as { type?: unknown; status?: unknown; message?: unknown };
  const message = typeof failure.message === "string" ? failure.message : "Malformed request.";
  if (failure.type === "entity.parse.failed") return new ApiError(400, { detail: `JSON parse error - ${message}` });
  const status = typeof failure.status === "number" ? failure.status : 400;
  return new ApiError(status, { detail: message });
}
