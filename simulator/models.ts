import { changedPaths } from "./changed-paths";
import { ModelChangeError } from "./model-change-error";
import type { ModelChange, ModelChangeInput, ModelName, ModelRecord } from "./types";

/**
 * Project, contact and event records of every org, in memory, so that an UPDATE knows the
 * whole record and what it changed. Ids come from one counter per model, unique across
 * orgs like database keys; event ids from one counter for all changes.
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

function copy(record: ModelRecord): ModelRecord {
  return { ...record, fields: structuredClone(record.fields) };
}
