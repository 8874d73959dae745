import type { WebhookPayload } from "./payload";
import { checkReceiveOptions, receiveWebhook, type ReceiveOptions } from "./receive";
import { verifySharedSecret, type HeadersLike } from "./verify";

/** Your code for a verified, well-formed delivery. */
export type PayloadHandler = (payload: WebhookPayload) => void | Promise<void>;

/** Options shared by the node, express and fetch adapters. */
export interface HandlerOptions extends ReceiveOptions {
  /**
   * Answer only once `onPayload` has finished, with 500 if it throws. Off, the answer goes
   * out first: OpenSolar waits for it, and a slow handler would turn into timeouts and
   * retries. @default false
   */
  awaitHandler?: boolean;
  /** Told when `onPayload` throws or rejects. @default logs to console.error */
  onError?: (error: unknown, payload: WebhookPayload) => void;
  /** Largest body read, in bytes; larger ones are answered 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
}

/** An answer in framework-neutral form. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type BodyRead = { ok: true; body: unknown } | { ok: false; answer: Answer };

export interface Handled {
  answer: Answer;
  /** Runs `onPayload` after answering (when not awaited); never rejects. */
  after?: () => Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export const ANSWERS = {
  received: { status: 200, body: { received: true } },
  // Deliberately the same for a missing and a wrong secret: nothing to learn from it.
  unauthorized: { status: 401, body: { error: "unauthorized" } },
  tooLarge: { status: 413, body: { error: "payload too large" }, headers: { Connection: "close" } },
  unreadable: { status: 400, body: { error: "body could not be read" } },
  methodNotAllowed: { status: 405, body: { error: "method not allowed" }, headers: { Allow: "POST" } },
  handlerFailed: { status: 500, body: { error: "handler failed" } },
} as const satisfies Record<string, Answer>;

/** Checks options once, when an adapter is made, and fills in defaults. */
export function resolveHandlerOptions<T extends HandlerOptions>(options: T): T & { maxBodyBytes: number } {
  checkReceiveOptions(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(`pulumi-opensolar receiver: maxBodyBytes must be a positive integer, got ${String(maxBodyBytes)}.`);
  }
  return { ...options, maxBodyBytes };
}

/**
 * The adapters' common path: the secret first (no body is read for a stranger), then the
 * body, then the payload, then the handler.
 */
export async function handleDelivery(
  method: string,
  headers: HeadersLike,
  readBody: () => Promise<BodyRead>,
  options: HandlerOptions,
  onPayload: PayloadHandler,
): Promise<Handled> {
  if (method.toUpperCase() !== "POST") return { answer: ANSWERS.methodNotAllowed };
  if (!verifySharedSecret(headers, options)) return { answer: ANSWERS.unauthorized };
  const read = await readBody();
  if (!read.ok) return { answer: read.answer };
  const result = receiveWebhook({ headers, body: read.body }, options);
  if (result.status !== 200) {
    const { status, ...body } = result;
    return { answer: { status, body } };
  }
  const run = () => runHandler(onPayload, result.payload, options.onError);
  if (options.awaitHandler === true) {
    return { answer: (await run()) ? ANSWERS.received : ANSWERS.handlerFailed };
  }
  return { answer: ANSWERS.received, after: async () => void (await run()) };
}

/** Runs the handler; true when it succeeded. Errors go to onError and never further. */
async function runHandler(
  onPayload: PayloadHandler,
  payload: WebhookPayload,
  onError: HandlerOptions["onError"],
): Promise<boolean> {
  try {
    await onPayload(payload);
    return true;
  } catch (error) {
    try {
      (onError ?? logError)(error, payload);
    } catch (reportError) {
      logError(reportError, payload);
    }
    return false;
  }
}

function logError(error: unknown, payload: WebhookPayload): void {
  console.error(
    `pulumi-opensolar receiver: the handler failed for ${payload.model} ${payload.model_id} ${payload.event} (event ${payload.event_id}):`,
    error,
  );
}
