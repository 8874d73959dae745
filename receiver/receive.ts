// Verify-and-receive: the layer between the pure checks (verify.ts, payload.ts) and the thin
// framework adapters. The secret is checked once per delivery, before any body is read.
import { parsePayload, type PayloadProblem, type WebhookPayload } from "./payload";
import { checkedSecrets, verifySharedSecret, type HeadersLike, type SharedSecretOptions } from "./verify";

export type ReceiveOptions = SharedSecretOptions;

/** A delivery as any framework can hand it over. */
export interface IncomingDelivery {
  headers: HeadersLike;
  /** Raw bytes or text (best), or JSON a body parser already made. */
  body: unknown;
}

export type ReceiveResult =
  | { status: 200; payload: WebhookPayload }
  | { status: 401; error: "unauthorized" }
  | { status: 400; error: "malformed payload"; problems: PayloadProblem[] };

/**
 * Verifies the secret, then checks the body: for code that reads the body itself. The
 * secret comes first so that a caller without it learns nothing about what a valid body
 * looks like.
 */
export function receiveWebhook(delivery: IncomingDelivery, options: ReceiveOptions): ReceiveResult {
  if (!verifySharedSecret(delivery.headers, options)) return { status: 401, error: "unauthorized" };
  return checkBody(delivery.body);
}

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

/** What a receiver answers to a delivery, in framework-neutral form; adapters write it. */
export interface DeliveryAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An adapter's body reader either has the body or already knows the answer (413, 400). */
export type BodyRead = { ok: true; body: unknown } | { ok: false; answer: DeliveryAnswer };

export interface Handled {
  answer: DeliveryAnswer;
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
} as const satisfies Record<string, DeliveryAnswer>;

/** Checks options once, when an adapter is made, and fills in defaults. */
export function resolveHandlerOptions<T extends HandlerOptions>(options: T): T & { maxBodyBytes: number } {
  // Throws now rather than on the first delivery.
  checkedSecrets(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(`pulumi-opensolar receiver: maxBodyBytes must be a positive integer, got ${String(maxBodyBytes)}.`);
  }
  return { ...options, maxBodyBytes };
}

/**
 * The adapters' common path: the method, the secret (no body is read for a stranger), then
 * the body, the payload and the handler.
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
  const result = checkBody(read.body);
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

function checkBody(body: unknown): Exclude<ReceiveResult, { status: 401 }> {
  const parsed = parsePayload(body);
  if (!parsed.ok) return { status: 400, error: "malformed payload", problems: parsed.problems };
  return { status: 200, payload: parsed.payload };
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
