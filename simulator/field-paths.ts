import { isObject } from "./changed-paths";
import { DEFAULT_PAYLOAD_FIELDS } from "./defaults";
import type { ModelName } from "./types";

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
