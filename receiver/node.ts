import type { IncomingMessage, ServerResponse } from "node:http";
import { ANSWERS, handleDelivery, resolveHandlerOptions, type Answer, type BodyRead, type HandlerOptions, type PayloadHandler } from "./handle";

export type NodeHandlerOptions = HandlerOptions;

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

/** The body as bytes, stopping at `maxBytes`. */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
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
export function writeAnswer(res: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}
