import { isObject } from "./changed-paths";
import { ModelChangeError } from "./model-change-error";
import type { ModelChangeInput, ModelEvent, ModelName } from "./types";

const MODELS: readonly string[] = ["project", "contact", "event"] satisfies ModelName[];
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
