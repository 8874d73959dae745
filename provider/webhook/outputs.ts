import { wireValue } from "./diff";
import { fieldSpec, OUTPUT_FIELDS, WIRE_FIELDS, type FieldName, type FieldValues, type WebhookFields, type WireValues } from "./fields";
import { serializeHeaders } from "./header-json";
import type { WebhookInputs } from "./inputs";
import { markerOf, OWNER_HEADER_VALUE, withoutMarkers } from "./owner-marker";
import { wireName, type ApiWebhook, type WebhookWriteBody } from "./wire";

// The resource's outputs: the webhook as OpenSolar stores it, in the inputs' vocabulary,
// plus the provider-only settings that never travel to OpenSolar and the ownership marker.

/** Provider-only settings: recorded in state, never sent to OpenSolar (the table's `setting` rows). */
type SettingName = { [K in FieldName]: WebhookFields[K]["change"] extends "setting" ? K : never }[FieldName];
export type SettingValues = Pick<FieldValues, SettingName>;

/** The webhook as OpenSolar holds it (the table's wire rows), the settings, and the provider's own records. */
export type WebhookOutputs = Omit<WireValues, "headers"> &
  SettingValues & {
    /** The declared headers as OpenSolar holds them, without the ownership marker. */
    headers: Record<string, string>;
    webhookId: number;
    /** The webhook's own API URL, as OpenSolar reports it. */
    url: string;
    orgId: number;
    createdDate?: string;
    /** The resource identity's owner key, as the resource class computed it at creation. */
    ownerKey?: string;
    /** The ownership marker header the webhook carries (see owner-marker.ts), if any. */
    ownerMarker?: string;
    /** Ids of late copies of this webhook found by refresh; the next `up` deletes them. */
    lateCopies?: number[];
    /**
     * Set when no other webhook can carry this one's marker (its create's only POST was
     * answered, or the marker was first written by a PATCH): refresh then reads the webhook
     * by id and destroy deletes it, neither listing the org to look for late copies.
     * Absent (a lost POST, an earlier attempt's webhook taken over, an older version's state),
     * they look.
     */
    copiesRuledOut?: true;
    /**
     * Set when OpenSolar stored the endpoint in another form than the one sent (it
     * normalized it): the declared form and OpenSolar's. While both still hold, the two mean
     * the same webhook, so no `up` sends the endpoint again (see {@link comparableRecord}).
     */
    endpointStoredAs?: { sent: string; stored: string };
};

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
  known: Pick<WebhookOutputs, "headers"> & SettingValues,
): WebhookOutputs {
  const live = webhook.headers ?? {};
  const held = Object.fromEntries(WIRE_FIELDS.map((name) => [name, webhook[name as keyof WireValues]])) as WireValues;
  const settings = Object.fromEntries(
    OUTPUT_FIELDS.filter((name) => fieldSpec(name).change === "setting").map((name) => [name, known[name as keyof SettingValues]]),
  ) as SettingValues;
  const outputs: WebhookOutputs = {
    ...held,
    ...settings,
    webhookId: webhook.id,
    url: webhook.url ?? "",
    orgId,
    headers: unmaskHeaders(withoutMarkers(live), known.headers),
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

/** The full write body for the declared inputs (create, adoption): every wire row, headers with the marker. */
export function writeBodyFor(inputs: WebhookInputs, marker: string | undefined): WebhookWriteBody {
  const body: WebhookWriteBody = {};
  for (const name of WIRE_FIELDS) body[wireName(name)] = wireValue(name, inputs[name as keyof WebhookInputs]);
  body.headers = headersWithMarker(inputs.headers, marker);
  return body;
}

/** Inputs that describe what OpenSolar holds, for `read` (so refresh records drift). */
export function inputsFrom(outputs: WebhookOutputs): Record<string, unknown> {
  const inputs: Record<string, unknown> = Object.fromEntries(OUTPUT_FIELDS.map((name) => [name, outputs[name as keyof WebhookOutputs]]));
  // The form declared, while OpenSolar's normalized form of it still holds.
  if (outputs.endpointStoredAs?.stored === outputs.endpoint) inputs["endpoint"] = outputs.endpointStoredAs.sent;
  if (outputs.ownerKey !== undefined) inputs["ownerKey"] = outputs.ownerKey;
  // Shown by the next preview as a property that goes away: the copies it deletes.
  if (outputs.lateCopies !== undefined && outputs.lateCopies.length > 0) inputs["lateCopies"] = outputs.lateCopies;
  return inputs;
}
