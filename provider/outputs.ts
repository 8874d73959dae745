import type { DeleteBehavior, WebhookInputs } from "./inputs";
import type { ApiWebhook, WebhookWriteBody } from "./wire";
import { serializeHeaders } from "./wire";

// The resource's outputs: the webhook as OpenSolar stores it, in the inputs' vocabulary,
// plus the provider-only settings that never travel to OpenSolar.

export interface WebhookOutputs {
  webhookId: number;
  /** The webhook's own API URL, as OpenSolar reports it. */
  url: string;
  orgId: number;
  endpoint: string;
  headers: Record<string, string>;
  enabled: boolean;
  debug: boolean;
  /** null: OpenSolar stores no list, and then fires on every change. */
  triggerFields: string[] | null;
  payloadFields: string[] | null;
  allowInsecureEndpoint: boolean;
  onDelete: DeleteBehavior;
  createdDate?: string;
}

/** What OpenSolar answers in place of header values it hides. */
export const MASKED_VALUE = /^\*{3,}$/;

/**
 * Outputs from an answer. `known` are the header values we last sent or stored: where
 * OpenSolar masks a value of the same header, the known value is kept so that masking
 * never reads as drift.
 */
export function outputsFrom(
  webhook: ApiWebhook,
  orgId: number,
  known: Pick<WebhookOutputs, "headers" | "allowInsecureEndpoint" | "onDelete">,
): WebhookOutputs {
  const outputs: WebhookOutputs = {
    webhookId: webhook.id,
    url: webhook.url ?? "",
    orgId,
    endpoint: webhook.endpoint,
    headers: unmaskHeaders(webhook.headers ?? {}, known.headers),
    enabled: webhook.enabled,
    debug: webhook.debug,
    triggerFields: webhook.triggerFields,
    payloadFields: webhook.payloadFields,
    allowInsecureEndpoint: known.allowInsecureEndpoint,
    onDelete: known.onDelete,
  };
  if (webhook.createdDate !== undefined) outputs.createdDate = webhook.createdDate;
  return outputs;
}

function unmaskHeaders(answered: Record<string, string>, known: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(answered)) {
    const knownValue = known[name];
    result[name] = MASKED_VALUE.test(value) && knownValue !== undefined ? knownValue : value;
  }
  return result;
}

/** The full write body for the declared inputs (create, adoption). */
export function writeBodyFor(inputs: WebhookInputs): Required<WebhookWriteBody> {
  return {
    endpoint: inputs.endpoint,
    headers: serializeHeaders(inputs.headers),
    enabled: inputs.enabled,
    debug: inputs.debug,
    trigger_fields: inputs.triggerFields,
    payload_fields: inputs.payloadFields,
  };
}

/** Inputs that describe what OpenSolar holds, for `read` (so refresh records drift). */
export function inputsFrom(outputs: WebhookOutputs): Record<string, unknown> {
  return {
    orgId: outputs.orgId,
    endpoint: outputs.endpoint,
    headers: outputs.headers,
    enabled: outputs.enabled,
    debug: outputs.debug,
    triggerFields: outputs.triggerFields,
    payloadFields: outputs.payloadFields,
    allowInsecureEndpoint: outputs.allowInsecureEndpoint,
    onDelete: outputs.onDelete,
  };
}
