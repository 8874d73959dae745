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
 * Verifies the secret, then checks the body. The secret comes first so that a caller
 * without it learns nothing about what a valid body looks like.
 */
export function receiveWebhook(delivery: IncomingDelivery, options: ReceiveOptions): ReceiveResult {
  if (!verifySharedSecret(delivery.headers, options)) return { status: 401, error: "unauthorized" };
  const parsed = parsePayload(delivery.body);
  if (!parsed.ok) return { status: 400, error: "malformed payload", problems: parsed.problems };
  return { status: 200, payload: parsed.payload };
}

/** Throws now, when an adapter is made, rather than on the first delivery. */
export function checkReceiveOptions(options: ReceiveOptions): void {
  checkedSecrets(options);
}
