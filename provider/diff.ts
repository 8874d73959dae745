import { sameFieldSet } from "./fields";
import { isOwnerHeaderName } from "./owner-marker";
import { containsUnknown, isUnknown } from "./unknown";
import type { WebhookInputs } from "./inputs";
import type { WebhookOutputs } from "./outputs";
import type { WebhookWriteBody } from "./wire";
import { serializeHeaders } from "./wire";

// What differs between the declared inputs and the recorded webhook. Values compare where
// HTTP says they are equal (header names ignore case; an endpoint's scheme and host ignore
// case and the default port may be left out), so a server that normalizes them causes no
// PATCH on every `up`. Lists compare as sets; an org change replaces (a webhook cannot move
// between orgs); everything else is patched in place. `adoptWebhookId` only matters at
// creation and never causes a diff.

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
  if (differs("endpoint", endpointsMatch(desired.endpoint, recorded.endpoint))) {
    if (!isUnknown(desired.endpoint)) patch.endpoint = desired.endpoint as string;
  }
  if (differs("headers", headersMatch(desired.headers, recorded.headers))) {
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

function endpointsMatch(desired: unknown, recorded: unknown): boolean {
  return typeof desired === "string" && !isUnknown(desired) && typeof recorded === "string" && sameEndpoint(desired, recorded);
}

function headersMatch(desired: unknown, recorded: unknown): boolean {
  if (containsUnknown(desired)) return false;
  return sameHeaders((desired ?? {}) as Record<string, string>, (recorded ?? {}) as Record<string, string>);
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };
// scheme "://" [userinfo "@"] host [":" port] rest, as written (no normalization).
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^/?#@]*)@)?(\[[^\]/?#]*\]|[^:/?#]*)(?::(\d*))?([/?#].*)?$/s;

/**
 * Whether two endpoint URLs name the same resource as HTTP sees it: scheme and host ignore
 * case, and the default port (https 443, http 80) equals no port. Everything else (path,
 * query, user info) compares exactly, as written.
 */
export function sameEndpoint(a: string, b: string): boolean {
  if (a === b) return true;
  const left = URL_PARTS.exec(a);
  const right = URL_PARTS.exec(b);
  if (!left || !right) return false;
  const scheme = (left[1] ?? "").toLowerCase();
  if (scheme !== (right[1] ?? "").toLowerCase()) return false;
  const port = (written: string | undefined): string => {
    const digits = (written ?? "").replace(/^0+(?=\d)/, "");
    return digits === "" ? DEFAULT_PORTS[scheme] ?? "" : digits;
  };
  return (
    left[2] === right[2] &&
    (left[3] ?? "").toLowerCase() === (right[3] ?? "").toLowerCase() &&
    port(left[4]) === port(right[4]) &&
    (left[5] ?? "") === (right[5] ?? "")
  );
}

/**
 * Whether two header maps are the same: names ignore case, values compare exactly. The
 * provider's ownership marker (owner-marker.ts) is not a declared header and never counts.
 */
export function sameHeaders(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const left = byLowerName(a ?? {});
  const right = byLowerName(b ?? {});
  if (left === undefined || right === undefined) return false;
  if (left.size !== right.size) return false;
  for (const [name, value] of left) if (right.get(name) !== value) return false;
  return true;
}

/** Headers by lower-case name, without markers; undefined when two names differ only by case. */
function byLowerName(headers: Readonly<Record<string, string>>): Map<string, string> | undefined {
  const result = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (isOwnerHeaderName(name)) continue;
    const lower = name.toLowerCase();
    // Which of the two OpenSolar would send is not ours to guess: call it a change.
    if (result.has(lower)) return undefined;
    result.set(lower, value);
  }
  return result;
}
