import type { WebhookPayloadJson } from "./payload";
import { DEFAULT_SECRET_HEADER } from "./secret";

export interface TestDeliveryOptions {
  /** The header's whole value, as the webhook would send it. */
  secret: string;
  /** @default "X-OpenSolar-Webhook-Secret" */
  headerName?: string;
  /**
   * Overrides of a valid default delivery: an UPDATE of Project 1 happening now. `fields`
   * defaults to `{ id: model_id }` for CREATE and UPDATE and is left out for DELETE.
   */
  payload?: Partial<WebhookPayloadJson>;
}

export interface TestDelivery {
  headers: Record<string, string>;
  /** JSON text, as OpenSolar sends it. */
  body: string;
}

/**
 * A delivery like OpenSolar's, carrying the secret, so that tests go through the real
 * verification and parsing instead of handing a payload straight to the handler.
 */
export function buildTestDelivery(options: TestDeliveryOptions): TestDelivery {
  const given = options.payload ?? {};
  const payload: Partial<WebhookPayloadJson> = {
    timestamp: String(Math.floor(Date.now() / 1000)),
    model: "Project",
    model_id: 1,
    identifier: "test-1",
    event: "UPDATE",
    event_id: 1,
    ...given,
  };
  if (payload.event !== "DELETE" && !Object.hasOwn(given, "fields")) payload.fields = { id: payload.model_id };
  return {
    headers: { "Content-Type": "application/json", [options.headerName ?? DEFAULT_SECRET_HEADER]: options.secret },
    body: JSON.stringify(payload),
  };
}

export interface SendTestDeliveryOptions extends TestDeliveryOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** POSTs a {@link buildTestDelivery} delivery to a running receiver; resolves with its answer. */
export function sendTestDelivery(url: string | URL, options: SendTestDeliveryOptions): Promise<Response> {
  const { headers, body } = buildTestDelivery(options);
  return (options.fetch ?? fetch)(url, { method: "POST", headers, body });
}
