import type { DeleteBehavior, WebhookInputs } from "./inputs";
import { markerOf, OWNER_HEADER_VALUE, withoutMarkers } from "./owner-marker";
import type { ApiWebhook, WebhookWriteBody } from "./wire";
import { serializeHeaders } from "./wire";

// The resource's outputs: the webhook as OpenSolar stores it, in the inputs' vocabulary,
// plus the provider-only settings that never travel to OpenSolar and the ownership marker.

export interface WebhookOutputs {
  webhookId: number;
  /** The webhook's own API URL, as OpenSolar reports it. */
  url: string;
  orgId: number;
  endpoint: string;
  /** The declared headers as OpenSolar holds them, without the ownership marker. */
  headers: Record<string, string>;
  enabled: boolean;
  debug: boolean;
  /** null: OpenSolar stores no list, and then fires on every change. */
  triggerFields: string[] | null;
  payloadFields: string[] | null;
  allowInsecureEndpoint: boolean;
  onDelete: DeleteBehavior;
  createdDate?: string;
  /** The resource identity's owner key, as the resource class computed it at creation. */
  ownerKey?: string;
  /** The ownership marker header the webhook carries (see owner-marker.ts), if any. */
  ownerMarker?: string;
  /** Ids of late copies of this webhook found by refresh; the next `up` deletes them. */
  lateCopies?: number[];
  /**
   * Set when OpenSolar stored the endpoint in another form than the one sent (it
   * normalized it): the declared form and OpenSolar's. While both still hold, the two mean
   * the same webhook, so no `up` sends the endpoint again (see {@link comparableRecord}).
   */
  endpointStoredAs?: { sent: string; stored: string };
}

/**
 * The recorded outputs as diff should compare them with `desired`: an endpoint OpenSolar
 * normalized compares as the form we sent, so its normalization is never a change.
 */
export function comparableRecord<T extends Partial<WebhookOutputs>>(recorded: T, desired: { endpoint?: unknown }): T {
  const form = recorded.endpointStoredAs;
  if (form === undefined || recorded.endpoint !== form.stored || desired.endpoint !== form.sent) return recorded;
  return { ...recorded, endpoint: form.sent };
}

/** Records how OpenSolar stored the endpoint we sent, when it changed its form. */
export function withStoredForm(outputs: WebhookOutputs, sentEndpoint: string): WebhookOutputs {
  if (outputs.endpoint === sentEndpoint) return outputs;
  return { ...outputs, endpointStoredAs: { sent: sentEndpoint, stored: outputs.endpoint } };
}

/**
 * Stands in state for a header value OpenSolar hides and that we never knew: it equals no
 * declared value, so the next `up` writes the declared one.
 */
export const UNREADABLE_VALUE = "(masked by OpenSolar)";

/**
 * Whether OpenSolar hid a header value: all asterisks, or a partial mask such as
 * `sk_l****`. Such a value can never be compared, nor stored as if it were the value.
 */
export function isMaskedValue(value: string): boolean {
  return /\*{3,}/.test(value);
}

/** Whether any of these header values cannot be compared because OpenSolar masked it. */
export function hasMaskedValues(headers: Readonly<Record<string, string>>): boolean {
  return Object.values(headers).some(isMaskedValue);
}

/**
 * Outputs from an answer. `known` are the header values we last sent or stored: where
 * OpenSolar masks a value of the same header, the known value is kept so that masking
 * never reads as drift; a masked value we never knew is stored as {@link UNREADABLE_VALUE}.
 */
export function outputsFrom(
  webhook: ApiWebhook,
  orgId: number,
  known: Pick<WebhookOutputs, "headers" | "allowInsecureEndpoint" | "onDelete">,
): WebhookOutputs {
  const live = webhook.headers ?? {};
  const outputs: WebhookOutputs = {
    webhookId: webhook.id,
    url: webhook.url ?? "",
    orgId,
    endpoint: webhook.endpoint,
    headers: unmaskHeaders(withoutMarkers(live), known.headers),
    enabled: webhook.enabled,
    debug: webhook.debug,
    triggerFields: webhook.triggerFields,
    payloadFields: webhook.payloadFields,
    allowInsecureEndpoint: known.allowInsecureEndpoint,
    onDelete: known.onDelete,
  };
  if (webhook.createdDate !== undefined) outputs.createdDate = webhook.createdDate;
  const marker = markerOf(Object.keys(live));
  if (marker !== undefined) outputs.ownerMarker = marker.name;
  return outputs;
}

function unmaskHeaders(answered: Record<string, string>, known: Record<string, string>): Record<string, string> {
  const knownByName = new Map(Object.entries(known).map(([name, value]) => [name.toLowerCase(), value] as const));
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(answered)) {
    if (!isMaskedValue(value)) result[name] = value;
    else result[name] = knownByName.get(name.toLowerCase()) ?? UNREADABLE_VALUE;
  }
  return result;
}

/** Headers as sent to OpenSolar: the declared ones plus the ownership marker. */
export function headersWithMarker(headers: Readonly<Record<string, string>>, marker: string | undefined): string {
  return serializeHeaders(marker === undefined ? headers : { ...headers, [marker]: OWNER_HEADER_VALUE });
}

/** The full write body for the declared inputs (create, adoption). */
export function writeBodyFor(inputs: WebhookInputs, marker: string | undefined): Required<WebhookWriteBody> {
  return {
    endpoint: inputs.endpoint,
    headers: headersWithMarker(inputs.headers, marker),
    enabled: inputs.enabled,
    debug: inputs.debug,
    trigger_fields: inputs.triggerFields,
    payload_fields: inputs.payloadFields,
  };
}

/** Inputs that describe what OpenSolar holds, for `read` (so refresh records drift). */
export function inputsFrom(outputs: WebhookOutputs): Record<string, unknown> {
  const inputs: Record<string, unknown> = {
    orgId: outputs.orgId,
    // The form declared, while OpenSolar's normalized form of it still holds.
    endpoint: outputs.endpointStoredAs?.stored === outputs.endpoint ? outputs.endpointStoredAs.sent : outputs.endpoint,
    headers: outputs.headers,
    enabled: outputs.enabled,
    debug: outputs.debug,
    triggerFields: outputs.triggerFields,
    payloadFields: outputs.payloadFields,
    allowInsecureEndpoint: outputs.allowInsecureEndpoint,
    onDelete: outputs.onDelete,
  };
  if (outputs.ownerKey !== undefined) inputs["ownerKey"] = outputs.ownerKey;
  // Shown by the next preview as a property that goes away: the copies it deletes.
  if (outputs.lateCopies !== undefined && outputs.lateCopies.length > 0) inputs["lateCopies"] = outputs.lateCopies;
  return inputs;
}
