import { sameFieldSet } from "./fields";
import { containsUnknown, isUnknown } from "./unknown";
import type { WebhookInputs } from "./inputs";
import type { WebhookOutputs } from "./outputs";
import type { WebhookWriteBody } from "./wire";
import { serializeHeaders } from "./wire";

// What differs between the declared inputs and the recorded webhook. Lists compare as
// sets; an org change replaces (a webhook cannot move between orgs); everything else is
// patched in place. `adoptWebhookId` only matters at creation and never causes a diff.

export interface WebhookChanges {
  /** Properties whose change OpenSolar must be told about. */
  readonly patch: WebhookWriteBody;
  /** Properties that differ at all, API or provider-only. */
  readonly changed: string[];
  readonly replaces: string[];
}

type Props<K extends string> = Readonly<Partial<Record<K, unknown>>>;

export function compareWebhook(
  recorded: Props<keyof WebhookOutputs>,
  desired: Props<keyof WebhookInputs>,
): WebhookChanges {
  const changed: string[] = [];
  const replaces: string[] = [];
  const patch: WebhookWriteBody = {};
  const differs = (key: string, same: boolean): boolean => {
    if (!same) changed.push(key);
    return !same;
  };

  if (differs("orgId", !isUnknown(desired.orgId) && desired.orgId === recorded.orgId)) replaces.push("orgId");
  if (differs("endpoint", !isUnknown(desired.endpoint) && desired.endpoint === recorded.endpoint)) {
    if (!isUnknown(desired.endpoint)) patch.endpoint = desired.endpoint as string;
  }
  if (differs("headers", sameHeaders(desired.headers, recorded.headers))) {
    if (!containsUnknown(desired.headers)) patch.headers = serializeHeaders(desired.headers as Record<string, string>);
  }
  if (differs("enabled", desired.enabled === recorded.enabled)) patch.enabled = desired.enabled as boolean;
  if (differs("debug", desired.debug === recorded.debug)) patch.debug = desired.debug as boolean;
  if (differs("triggerFields", sameList(desired.triggerFields, recorded.triggerFields))) {
    if (!containsUnknown(desired.triggerFields)) patch.trigger_fields = desired.triggerFields as string[];
  }
  if (differs("payloadFields", sameList(desired.payloadFields, recorded.payloadFields))) {
    if (!containsUnknown(desired.payloadFields)) patch.payload_fields = desired.payloadFields as string[];
  }
  differs("allowInsecureEndpoint", desired.allowInsecureEndpoint === recorded.allowInsecureEndpoint);
  differs("onDelete", desired.onDelete === recorded.onDelete);
  return { patch, changed, replaces };
}

function sameList(desired: unknown, recorded: unknown): boolean {
  if (containsUnknown(desired)) return false;
  const asList = (value: unknown): string[] | null => (Array.isArray(value) ? (value as string[]) : null);
  return sameFieldSet(asList(desired), asList(recorded));
}

function sameHeaders(desired: unknown, recorded: unknown): boolean {
  if (containsUnknown(desired)) return false;
  const a = (desired ?? {}) as Record<string, string>;
  const b = (recorded ?? {}) as Record<string, string>;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
