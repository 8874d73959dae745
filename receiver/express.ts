import type { IncomingMessage, ServerResponse } from "node:http";
import { handleDelivery, resolveHandlerOptions, type BodyRead, type HandlerOptions, type PayloadHandler } from "./handle";
import { readRawBody, writeAnswer } from "./node";

export type ExpressMiddlewareOptions = HandlerOptions;

// Structural stand-ins for express's types, so that express stays optional for users.
type ExpressLikeRequest = IncomingMessage & { body?: unknown };
type ExpressLikeNext = (error?: unknown) => void;

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
    handleDelivery(req.method ?? "GET", req.headers, () => bodyOf(req, resolved.maxBodyBytes), resolved, onPayload)
      .then(({ answer, after }) => {
        writeAnswer(res, answer);
        void after?.();
      })
      .catch(next);
  };
}

/** What a body parser left in `req.body`, else the raw stream if nobody read it. */
function bodyOf(req: ExpressLikeRequest, maxBytes: number): Promise<BodyRead> {
  // express 5 leaves req.body undefined when no parser ran or none matched the content type.
  if (req.body !== undefined) return Promise.resolve({ ok: true, body: req.body });
  if (req.readableEnded) return Promise.resolve({ ok: true, body: "" });
  return readRawBody(req, maxBytes);
}
