import { containsUnknown, isUnknown } from "../core/unknown";
import { fieldSpec, FIELD_NAMES, type FieldName } from "./fields";
import { serializeHeaders } from "./header-json";
import type { WebhookWriteBody } from "./wire";
import { wireName } from "./wire";

// What differs between the declared inputs and the recorded webhook, property by property
// as the field table says: each compares with its own equality (header names ignore case,
// an endpoint's scheme and host ignore case, lists compare as sets), a `replace` property
// replaces, a `patch` property goes into the PATCH body, a provider-only `setting` is
// recorded only, and a create-only property never causes a diff.

export { sameEndpoint, sameHeaders } from "./same";

export interface WebhookChanges {
  /** Properties whose change OpenSolar must be told about, as they travel. */
  readonly patch: WebhookWriteBody;
  /** Properties that differ at all, API or provider-only. */
  readonly changed: string[];
  readonly replaces: string[];
}

/** Recorded outputs and declared inputs: objects keyed by property name. */
type Props = object;

export function compareWebhook(recordedProps: Props, desiredProps: Props): WebhookChanges {
  const recorded = recordedProps as Readonly<Record<string, unknown>>;
  const desired = desiredProps as Readonly<Record<string, unknown>>;
  const changed: string[] = [];
  const replaces: string[] = [];
  const patch: WebhookWriteBody = {};
  for (const name of FIELD_NAMES) {
    const spec = fieldSpec(name);
    if (spec.change === "createOnly") continue;
    const value = desired[name];
    // A value still unknown (preview) may differ: shown as a change, never sent.
    const unknown = isUnknown(value) || containsUnknown(value);
    const same = !unknown && (spec.same ?? strictlyEqual)(value, recorded[name]);
    if (same) continue;
    changed.push(name);
    if (spec.change === "replace") replaces.push(name);
    if (spec.change === "patch" && !unknown) patch[wireName(name)] = wireValue(name, value);
  }
  return { patch, changed, replaces };
}

/** A property's value as it travels in a write body. */
export function wireValue(name: FieldName, value: unknown): unknown {
  return fieldSpec(name).type === "stringMap" ? serializeHeaders(value as Record<string, string>) : value;
}

function strictlyEqual(a: unknown, b: unknown): boolean {
  return a === b;
}
