// Project, contact and event records, and the changes made to them: checking a change,
// applying it, working out which field paths it changed, and handing it to deliveries.
import { isDeepStrictEqual } from "node:util";
import type { Deliveries } from "./deliveries";
import type { ModelChange, ModelChangeInput, ModelChangeResult, ModelEvent, ModelName, ModelRecord } from "./types";

/** A change the simulator cannot make; `status` is what the control route answers. */
export class ModelChangeError extends Error {
  override name = "ModelChangeError" as const;

  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(`pulumi-opensolar simulator: ${message}`);
  }
}

/** Checks and applies a change, then delivers it: what `simulator.models.change` and the control route do. */
export async function makeChange(models: ModelStore, deliveries: Deliveries, input: unknown): Promise<ModelChangeResult> {
  const change = models.apply(checkChangeInput(input));
  return { change, deliveries: await deliveries.dispatch(change) };
}

/**
 * Records of every org, in memory, so that an UPDATE knows the whole record and what it
 * changed. Ids come from one counter per model, unique across orgs like database keys;
 * event ids from one counter for all changes.
 */
export class ModelStore {
  readonly #records: Record<ModelName, Map<number, ModelRecord>> = {
    project: new Map(),
    contact: new Map(),
    event: new Map(),
  };
  // Distinct starting points keep a project id from passing for a contact id in tests.
  readonly #nextId: Record<ModelName, number> = { project: 2001, contact: 3001, event: 4001 };
  #nextEventId = 1;

  get(orgId: number, model: ModelName, id: number): ModelRecord | undefined {
    const found = this.#records[model].get(id);
    return found && found.orgId === orgId ? copy(found) : undefined;
  }

  list(orgId: number, model: ModelName): ModelRecord[] {
    return [...this.#records[model].values()]
      .filter((record) => record.orgId === orgId)
      .sort((a, b) => a.id - b.id)
      .map(copy);
  }

  /** Applies a checked change (see checkChangeInput); throws ModelChangeError 404/409. */
  apply(input: ModelChangeInput, now = new Date()): ModelChange {
    const records = this.#records[input.model];
    let before: Record<string, unknown> = {};
    let record: ModelRecord;
    if (input.event === "CREATE") {
      const id = input.id ?? this.#takeId(input.model);
      if (records.has(id)) throw new ModelChangeError(409, `${input.model} ${id} already exists.`);
      this.#nextId[input.model] = Math.max(this.#nextId[input.model], id + 1);
      const given = input.fields ?? {};
      const identifier =
        input.identifier ?? (typeof given["identifier"] === "string" ? given["identifier"] : `${input.model}-${id}`);
      record = { orgId: input.orgId, model: input.model, id, identifier, fields: { ...given, id } };
      records.set(id, record);
    } else {
      const existing = this.#find(input);
      before = existing.fields;
      record = { ...existing, fields: { ...existing.fields, ...input.fields, id: existing.id } };
      const renamed = input.id !== undefined ? input.identifier : undefined;
      const fieldIdentifier = input.fields?.["identifier"];
      record.identifier = renamed ?? (typeof fieldIdentifier === "string" ? fieldIdentifier : existing.identifier);
      if (input.event === "DELETE") records.delete(existing.id);
      else records.set(existing.id, record);
    }
    return {
      orgId: input.orgId,
      model: input.model,
      event: input.event,
      model_id: record.id,
      event_id: this.#nextEventId++,
      identifier: record.identifier,
      timestamp: String(Math.floor(now.getTime() / 1000)),
      fields: structuredClone(record.fields),
      changed_fields: input.event === "UPDATE" ? changedPaths(before, record.fields) : [],
    };
  }

  #takeId(model: ModelName): number {
    let id = this.#nextId[model];
    while (this.#records[model].has(id)) id++;
    return id;
  }

  #find(input: ModelChangeInput): ModelRecord {
    const records = this.#records[input.model];
    const found =
      input.id !== undefined
        ? records.get(input.id)
        : [...records.values()].find((r) => r.orgId === input.orgId && r.identifier === input.identifier);
    if (!found || found.orgId !== input.orgId) {
      const which = input.id !== undefined ? `id ${input.id}` : `identifier "${input.identifier ?? ""}"`;
      throw new ModelChangeError(404, `org ${input.orgId} has no ${input.model} with ${which}.`);
    }
    return found;
  }
}

/** The models whose changes fire webhooks, as field paths and changes name them. */
export const MODEL_NAMES: readonly ModelName[] = ["project", "contact", "event"];
const MODELS: readonly string[] = MODEL_NAMES;
const EVENTS: readonly string[] = ["CREATE", "UPDATE", "DELETE"] satisfies ModelEvent[];
const KEYS = new Set(["orgId", "model", "event", "id", "identifier", "fields"]);

/**
 * Checks a change given by code or as JSON, so a typo fails loudly instead of firing
 * nothing. Fields come back as a JSON copy: the caller's objects stay theirs, and a Date
 * becomes the string a real API would send.
 */
export function checkChangeInput(input: unknown): ModelChangeInput {
  if (!isObject(input)) throw invalid("a change must be an object");
  for (const key of Object.keys(input)) {
    if (!KEYS.has(key)) throw invalid(`unknown change property "${key}"`);
  }
  const { orgId, model, event, id, identifier, fields } = input;
  if (typeof orgId !== "number" || !Number.isSafeInteger(orgId) || orgId < 0) {
    throw invalid("orgId must be a non-negative integer");
  }
  if (typeof model !== "string" || !MODELS.includes(model)) throw invalid(`model must be one of ${MODELS.join(", ")}`);
  if (typeof event !== "string" || !EVENTS.includes(event)) throw invalid(`event must be one of ${EVENTS.join(", ")}`);
  const checked: ModelChangeInput = { orgId, model: model as ModelName, event: event as ModelEvent };
  if (id !== undefined) {
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) throw invalid("id must be a positive integer");
    checked.id = id;
  }
  if (identifier !== undefined) {
    if (typeof identifier !== "string" || identifier === "") throw invalid("identifier must be a non-empty string");
    checked.identifier = identifier;
  }
  if (fields !== undefined) {
    if (!isObject(fields)) throw invalid("fields must be an object");
    checked.fields = jsonCopy(fields);
  }
  if (checked.event === "DELETE" && checked.fields !== undefined) throw invalid("DELETE takes no fields");
  if (checked.event !== "CREATE" && checked.id === undefined && checked.identifier === undefined) {
    throw invalid(`${checked.event} needs the id or identifier of the ${checked.model} to change`);
  }
  return checked;
}

/**
 * The dotted paths whose values differ between two versions of a record, parents included
 * (`systems` and `systems.kw_stc`). List items are compared position by position and their
 * indices are left out, as field paths have none: a change in `systems[1].kw_stc` is
 * `systems.kw_stc`. An added or removed item changes the paths of everything it holds.
 */
export function changedPaths(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const found = new Set<string>();
  collectChanges(before, after, [], found);
  return [...found].sort();
}

function collectChanges(before: unknown, after: unknown, path: readonly string[], found: Set<string>): void {
  if (isDeepStrictEqual(before, after)) return;
  if (path.length > 0) found.add(path.join("."));
  if (Array.isArray(before) || Array.isArray(after)) {
    const left = Array.isArray(before) ? before : [];
    const right = Array.isArray(after) ? after : [];
    for (let index = 0; index < Math.max(left.length, right.length); index++) {
      collectChanges(left[index], right[index], path, found);
    }
    return;
  }
  if (isObject(before) || isObject(after)) {
    const left = isObject(before) ? before : {};
    const right = isObject(after) ? after : {};
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      collectChanges(left[key], right[key], [...path, key], found);
    }
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonCopy(fields: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
  } catch (error) {
    throw invalid(`fields must be JSON values: ${(error as Error).message}`);
  }
}

function invalid(message: string): ModelChangeError {
  return new ModelChangeError(400, `invalid change: ${message}.`);
}

function copy(record: ModelRecord): ModelRecord {
  return { ...record, fields: structuredClone(record.fields) };
}
