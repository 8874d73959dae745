// Adapters for servers built on node:http: node's own request listener and express
// middleware (express's request and response are node's, with `req.body` added).
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  ANSWERS,
  handleDelivery,
  resolveHandlerOptions,
  type BodyRead,
  type DeliveryAnswer,
  type HandlerOptions,
  type PayloadHandler,
} from "./receive";

export type NodeHandlerOptions = HandlerOptions;
export type ExpressMiddlewareOptions = HandlerOptions;

// Structural stand-ins for express's types, so that express stays optional for users.
type ExpressLikeRequest = IncomingMessage & { body?: unknown };
type ExpressLikeNext = (error?: unknown) => void;

/**
 * A request listener for `http.createServer`: answers every request it is given, so route
 * to it yourself when the server does more than receive OpenSolar deliveries.
 */
export function createNodeHandler(
  options: NodeHandlerOptions,
  onPayload: PayloadHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  const resolved = resolveHandlerOptions(options);
  return (req, res) => {
    handleDelivery(req.method ?? "GET", req.headers, () => readRawBody(req, resolved.maxBodyBytes), resolved, onPayload)
      .then(({ answer, after }) => {
        writeAnswer(res, answer);
        void after?.();
      })
      .catch((error: unknown) => {
        // Only a bug gets here; the server must stay up.
        console.error("pulumi-opensolar receiver: unexpected error:", error);
        if (!res.headersSent) writeAnswer(res, { status: 500, body: { error: "internal error" } });
      });
  };
}

/**
 * Express middleware that answers OpenSolar deliveries itself:
 * `app.post("/hooks/opensolar", expressMiddleware(options, onPayload))`. It works behind
 * `express.json()`, `express.raw()` or `express.text()`, or with no body parser at all.
 */
export function expressMiddleware(
  options: ExpressMiddlewareOptions,
  onPayload: PayloadHandler,
): (req: ExpressLikeRequest, res: ServerResponse, next: ExpressLikeNext) => void {
  const resolved = resolveHandlerOptions(options);
  return (req, res, next) => {
    handleDelivery(req.method ?? "GET", req.headers, () => parsedOrRawBody(req, resolved.maxBodyBytes), resolved, onPayload)
      .then(({ answer, after }) => {
        writeAnswer(res, answer);
        void after?.();
      })
      .catch(next);
  };
}

/** What a body parser left in `req.body`, else the raw stream if nobody read it. */
function parsedOrRawBody(req: ExpressLikeRequest, maxBytes: number): Promise<BodyRead> {
  // express 5 leaves req.body undefined when no parser ran or none matched the content type.
  if (req.body !== undefined) return Promise.resolve({ ok: true, body: req.body });
  if (req.readableEnded) return Promise.resolve({ ok: true, body: "" });
  return readRawBody(req, maxBytes);
}

/** The body as bytes, stopping at `maxBytes`. */
function readRawBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, answer: ANSWERS.tooLarge });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (read: BodyRead): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      // The error listener stays: a reset after the answer must not crash the server.
      resolve(read);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        // Keep draining without storing, so the 413 can still reach the client.
        req.resume();
        finish({ ok: false, answer: ANSWERS.tooLarge });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks) });
    const onError = (): void => finish({ ok: false, answer: ANSWERS.unreadable });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** Writes an answer with node's own API, which express's response also has. */
function writeAnswer(res: ServerResponse, answer: DeliveryAnswer): void {
  const body = JSON.stringify(answer.body);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}
