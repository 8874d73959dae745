import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
import { modelOf } from "./field-paths";
import { MODEL_NAMES } from "./models";
import { isValidUrlField } from "./url-field";
import type { WebhookFields } from "./webhook-store";

/** DRF's shape for 400 answers: field name -> messages. */
export type FieldErrors = Record<string, string[]>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

type Body = Record<string, unknown>;
type FieldList = "trigger_fields" | "payload_fields";

const REQUIRED = "This field is required.";
const NOT_NULL = "This field may not be null.";

/**
 * Validates a create request. A blank or null field list takes the documented default
 * (OpenSolar's create behaviour). Unknown and read-only fields are ignored, as DRF does.
 */
export function validateCreate(body: Body): Validated<WebhookFields> {
  const errors: FieldErrors = {};
  const endpoint = checkEndpoint(body, errors, true);
  const enabled = checkBoolean(body, "enabled", errors, true);
  const debug = checkBoolean(body, "debug", errors, true);
  const headers = checkHeaders(body, errors);
  const triggers = checkFieldList(body, "trigger_fields", errors);
  const payload = checkFieldList(body, "payload_fields", errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      endpoint: endpoint ?? "",
      enabled: enabled ?? false,
      debug: debug ?? false,
      headers: headers ?? "",
      trigger_fields: orDefault(triggers, DEFAULT_TRIGGER_FIELDS),
      payload_fields: orDefault(payload, DEFAULT_PAYLOAD_FIELDS),
    },
  };
}

/**
 * Validates a partial update. Here a blank list is stored as null, unlike on create:
 * the documented foot-gun (a null trigger list fires on every change).
 */
export function validateUpdate(body: Body): Validated<Partial<WebhookFields>> {
  const errors: FieldErrors = {};
  const value: Partial<WebhookFields> = {};
  const endpoint = checkEndpoint(body, errors, false);
  if (endpoint !== undefined) value.endpoint = endpoint;
  const enabled = checkBoolean(body, "enabled", errors, false);
  if (enabled !== undefined) value.enabled = enabled;
  const debug = checkBoolean(body, "debug", errors, false);
  if (debug !== undefined) value.debug = debug;
  const headers = checkHeaders(body, errors);
  if (headers !== undefined) value.headers = headers;
  for (const name of ["trigger_fields", "payload_fields"] as const) {
    const list = checkFieldList(body, name, errors);
    if (list !== undefined) value[name] = list === null || list.length === 0 ? null : list;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value };
}

function checkEndpoint(body: Body, errors: FieldErrors, required: boolean): string | undefined {
  if (!Object.hasOwn(body, "endpoint")) {
    if (required) errors["endpoint"] = [REQUIRED];
    return undefined;
  }
  const value = body["endpoint"];
  if (value === null) errors["endpoint"] = [NOT_NULL];
  else if (typeof value !== "string") errors["endpoint"] = ["Not a valid string."];
  else if (value.trim() === "") errors["endpoint"] = ["This field may not be blank."];
  else if (!isValidUrlField(value)) errors["endpoint"] = ["Enter a valid URL."];
  else return value;
  return undefined;
}

// Strict on purpose: DRF would also take "true" or 1, but a provider that sends those is buggy.
function checkBoolean(body: Body, name: string, errors: FieldErrors, required: boolean): boolean | undefined {
  if (!Object.hasOwn(body, name)) {
    if (required) errors[name] = [REQUIRED];
    return undefined;
  }
  const value = body[name];
  if (value === null) errors[name] = [NOT_NULL];
  else if (typeof value !== "boolean") errors[name] = ["Must be a valid boolean."];
  else return value;
  return undefined;
}

/** `headers` is a JSON string holding an object (or blank), never an object itself. */
function checkHeaders(body: Body, errors: FieldErrors): string | undefined {
  if (!Object.hasOwn(body, "headers")) return undefined;
  const value = body["headers"];
  if (value === null) {
    errors["headers"] = [NOT_NULL];
    return undefined;
  }
  if (typeof value === "string" && (value.trim() === "" || holdsJsonObject(value))) return value;
  errors["headers"] = ["Value must be valid JSON."];
  return undefined;
}

/** Returns the list, null for an explicit null, or undefined when absent or invalid. */
function checkFieldList(body: Body, name: FieldList, errors: FieldErrors): string[] | null | undefined {
  if (!Object.hasOwn(body, name)) return undefined;
  const value = body[name];
  if (value === null) return null;
  if (!Array.isArray(value)) {
    errors[name] = [`Expected a list of items but got type "${pythonTypeName(value)}".`];
    return undefined;
  }
  const items: unknown[] = value;
  if (!items.every((item): item is string => typeof item === "string")) {
    errors[name] = ["Not a valid string."];
    return undefined;
  }
  // Paths over other models can never fire or select anything: refuse them instead.
  const unknown = [...new Set(items.filter((path) => modelOf(path) === undefined))];
  if (unknown.length > 0) {
    errors[name] = unknown.map(
      (path) => `Unknown model in "${path}": field paths start with ${MODEL_NAMES.join(", ")}.`,
    );
    return undefined;
  }
  return [...items];
}

function orDefault(list: string[] | null | undefined, fallback: readonly string[]): string[] {
  return list === null || list === undefined || list.length === 0 ? [...fallback] : list;
}

function holdsJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

// DRF's messages name Python types; mimic them so clients see the real wording.
function pythonTypeName(value: unknown): string {
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}
