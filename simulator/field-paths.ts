// What `trigger_fields` and `payload_fields` mean: which models a path may name, which
// changes fire a webhook, and which fields its delivery carries.
import { DEFAULT_PAYLOAD_FIELDS } from "./defaults";
import { isObject, MODEL_NAMES } from "./models";
import type { ModelChange, ModelName } from "./types";

const MODEL_TITLES: Readonly<Record<ModelName, "Project" | "Contact" | "Event">> = {
  project: "Project",
  contact: "Contact",
  event: "Event",
};

/** The model a path names (`project` in `project.systems.kw_stc`); undefined for any other, which the API refuses. */
export function modelOf(path: string): ModelName | undefined {
  const head = path.split(".", 1)[0];
  return MODEL_NAMES.find((model) => model === head);
}

/**
 * Whether a change fires a webhook with these trigger fields.
 *
 * - null fires on every change of project, contact and event (documented).
 * - Only paths naming the change's model count: `["contact.first_name"]` never fires for a
 *   project (documented).
 * - UPDATE fires when a changed path equals a trigger path, or for `model.*` when anything
 *   changed; `changed_fields` holds parents too, so `project.systems` fires for a change in
 *   `systems[].kw_stc`. An UPDATE that changed nothing fires nothing.
 * - CREATE and DELETE fire for any trigger path on their model. The reference does not say
 *   how OpenSolar treats them; a new or deleted record changes every field it has, so this
 *   is the reading that loses no event.
 */
export function firesFor(triggerFields: readonly string[] | null, change: ModelChange): boolean {
  if (change.event === "UPDATE" && change.changed_fields.length === 0) return false;
  if (triggerFields === null) return true;
  const changed = new Set(change.changed_fields);
  return triggerFields.some((trigger) => {
    const dot = trigger.indexOf(".");
    if (dot === -1 || trigger.slice(0, dot) !== change.model) return false;
    const field = trigger.slice(dot + 1);
    if (change.event !== "UPDATE" || field === "*") return field !== "";
    return changed.has(field);
  });
}

/** The documented body of one delivery; `fields` only for CREATE and UPDATE. */
export function deliveryPayload(change: ModelChange, payloadFields: readonly string[] | null): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    timestamp: change.timestamp,
    model: MODEL_TITLES[change.model],
    model_id: change.model_id,
    identifier: change.identifier,
    event: change.event,
    event_id: change.event_id,
  };
  if (change.event !== "DELETE") payload["fields"] = selectPayloadFields(change.fields, change.model, payloadFields);
  return payload;
}

/** A tree of selected paths; LEAF takes the whole value below it. */
type Selection = typeof LEAF | Map<string, Selection>;
const LEAF = Symbol("leaf");
const OMIT = Symbol("omit");

/**
 * The record's fields that `payload_fields` select for this model. null or an empty list
 * takes the documented defaults; `model.*` takes every field. Nested paths keep the shape
 * of the record: `project.contacts_data.email` on a list of contacts gives
 * `contacts_data: [{ email }, ...]`, and on an object `{ utility_tariff_or_guess: { data } }`.
 */
export function selectPayloadFields(
  fields: Record<string, unknown>,
  model: ModelName,
  payloadFields: readonly string[] | null,
): Record<string, unknown> {
  const paths = payloadFields === null || payloadFields.length === 0 ? DEFAULT_PAYLOAD_FIELDS : payloadFields;
  const selection = selectionFor(paths, model);
  if (selection === LEAF) return structuredClone(fields);
  const picked = pick(fields, selection);
  return isObject(picked) ? picked : {};
}

function selectionFor(paths: readonly string[], model: ModelName): Selection {
  const root: Map<string, Selection> = new Map();
  for (const path of paths) {
    const [head, ...segments] = path.split(".");
    if (head !== model || segments.length === 0 || segments.includes("")) continue;
    if (segments.length === 1 && segments[0] === "*") return LEAF;
    let node = root;
    for (const [index, segment] of segments.entries()) {
      const existing = node.get(segment);
      if (existing === LEAF) break;
      if (index === segments.length - 1) {
        node.set(segment, LEAF); // the whole value wins over parts of it
        break;
      }
      const child = existing ?? new Map<string, Selection>();
      node.set(segment, child);
      node = child;
    }
  }
  return root;
}

function pick(value: unknown, selection: Selection): unknown {
  if (selection === LEAF) return structuredClone(value);
  if (Array.isArray(value)) return value.map((item) => pick(item, selection)).filter((item) => item !== OMIT);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, below] of selection) {
      if (!Object.hasOwn(value, key)) continue;
      const picked = pick(value[key], below);
      if (picked !== OMIT) out[key] = picked;
    }
    return out;
  }
  // A serializer sends a missing nested object as null; a plain value has no parts to pick.
  return value === null ? null : OMIT;
}
