import {
  ANSWERS,
  handleDelivery,
  resolveHandlerOptions,
  type BodyRead,
  type DeliveryAnswer,
  type HandlerOptions,
  type PayloadHandler,
} from "./receive";

export interface FetchHandlerOptions extends HandlerOptions {
  /**
   * Keeps the runtime alive for the handler after the answer (Cloudflare's
   * `ctx.waitUntil`, Vercel's `waitUntil`). Without it, a serverless runtime may stop a
   * handler that is not awaited; set `awaitHandler` instead if there is no such hook.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * A `(request) => Promise<Response>` handler for runtimes built on the fetch API. It
 * verifies with `node:crypto`, so it needs Node or a Node-compatible runtime.
 */
export function createFetchHandler(
  options: FetchHandlerOptions,
  onPayload: PayloadHandler,
): (request: Request) => Promise<Response> {
  const resolved = resolveHandlerOptions(options);
  return async (request) => {
    const { answer, after } = await handleDelivery(
      request.method,
      request.headers,
      () => readBody(request, resolved.maxBodyBytes),
      resolved,
      onPayload,
    );
    if (after) {
      const running = after();
      resolved.waitUntil?.(running);
    }
    return toResponse(answer);
  };
}

async function readBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, answer: ANSWERS.tooLarge };
  if (request.body === null) return { ok: true, body: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { ok: false, answer: ANSWERS.tooLarge };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, answer: ANSWERS.unreadable };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, body: bytes };
}

function toResponse(answer: DeliveryAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  // "Connection" is the server's business in fetch runtimes, and some refuse to see it set.
  headers.delete("Connection");
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}
