import * as z from "../core/zod";
import { isLoopbackHost } from "../core/loopback";
import { containsUnknown, isUnknown, UNKNOWN } from "../core/unknown";
import { dedupe } from "./field-paths";
import { fieldSpec, FIELD_NAMES, type FieldValues } from "./fields";
import { ownerKeySchema, printable } from "./input-schemas";

// Validation of the resource's inputs, run by `check` before anything is sent. Each
// failure names its property, so `pulumi preview` points at the line to fix. A value that
// is unknown during preview passes untouched: it is checked again once it is known.

export type DeleteBehavior = "delete" | "disable";

/** Inputs after `check`: defaults filled in, lists without repeats (one key per table row). */
export type WebhookInputs = Omit<FieldValues, "adoptWebhookId"> & {
  adoptWebhookId?: number;
  /** Set by the resource class, never by users: the resource identity's hash (owner-marker.ts). */
  ownerKey?: string;
};

const MAX_ENDPOINT_LENGTH = 2048;
// Characters nobody can see: format characters (zero-width space, soft hyphen, BOM, bidi
// controls, tags), surrogates, private use, unassigned, and the invisible fillers and
// variation selectors that are letters or marks to Unicode.
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Co}\p{Cn}\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

export interface CheckFailure {
  property: string;
  reason: string;
}

// Each property is checked on its own with its schema from the field table, so every
// problem is reported at once and an unknown (preview) property simply skips its schema.
const propertySchemas: Readonly<Record<string, z.ZodMiniType>> = {
  ...Object.fromEntries(FIELD_NAMES.map((name) => [name, fieldSpec(name).input])),
  ownerKey: ownerKeySchema,
};
/** The inputs users write, for suggestions: the provider's own `ownerKey` is left out. */
const USER_INPUTS: readonly string[] = FIELD_NAMES;

export type CheckOutcome =
  | { ok: true; inputs: Record<string, unknown> }
  | { ok: false; failures: CheckFailure[] };

/**
 * Validates raw inputs and fills in defaults. `defaultOrgId` comes from the provider's
 * settings. Properties still unknown (preview) are kept as they are.
 */
export function checkInputs(raw: Record<string, unknown>, defaultOrgId: number | undefined): CheckOutcome {
  const failures: CheckFailure[] = [];
  const values: Record<string, unknown> = {};
  const unknown = new Set<string>();

  for (const [key, value] of Object.entries(raw)) {
    // undefined and null both mean "not set" (Pulumi may send either).
    if (key === "__provider" || value === undefined || value === null) continue;
    if (!Object.hasOwn(propertySchemas, key)) {
      // Named in the reason only: the engine prints the value of the property a failure
      // names, and a misspelt `header:` holds secrets.
      failures.push({ property: "", reason: unknownInputReason(key) });
      continue;
    }
    if (isUnknown(value)) {
      unknown.add(key);
      continue;
    }
    if (key === "headers") failures.push(...prototypeKeyFailures(value));
    const parsed = z.safeParse(propertySchemas[key] as z.ZodMiniType, value, { reportInput: false });
    if (parsed.success) values[key] = parsed.data;
    else for (const issue of parsed.error.issues) failures.push(toFailure(key, issue));
  }

  for (const name of FIELD_NAMES) {
    const required = fieldSpec(name).required;
    if (required === undefined || values[name] !== undefined || unknown.has(name)) continue;
    if (!failures.some((f) => f.property === name)) failures.push({ property: name, reason: `${name} is required: ${required}` });
  }
  if (typeof values["endpoint"] === "string") {
    const insecureAllowed = unknown.has("allowInsecureEndpoint") || values["allowInsecureEndpoint"] === true;
    const problem = endpointProblem(values["endpoint"], insecureAllowed);
    // The engine prints the value of the property a failure names; a URL with a password
    // is reported without naming it (the reason still starts with "endpoint").
    const hasCredentials = problem !== undefined && /credentials/.test(problem);
    if (problem) failures.push({ property: hasCredentials ? "" : "endpoint", reason: `endpoint ${problem}` });
  }
  const orgId = unknown.has("orgId") ? UNKNOWN : values["orgId"] ?? defaultOrgId;
  if (orgId === undefined && !failures.some((f) => f.property === "orgId")) {
    failures.push({
      property: "orgId",
      reason:
        "orgId is not set: give the orgId input, or set a default with `pulumi config set opensolar:orgId <id>` " +
        "(or OPENSOLAR_ORG_ID)",
    });
  }
  if (failures.length > 0) return { ok: false, failures };

  const keep = (key: string, value: unknown): unknown => (unknown.has(key) ? UNKNOWN : value);
  const inputs: Record<string, unknown> = { orgId };
  for (const name of FIELD_NAMES) {
    if (name === "orgId") continue;
    const spec = fieldSpec(name);
    const value = values[name] ?? spec.fallback;
    // Lists keep no repeats: they compare as sets, and OpenSolar would store them twice.
    const filled = spec.type === "stringList" && Array.isArray(value) ? dedupe(value as string[]) : value;
    if (filled !== undefined || unknown.has(name)) inputs[name] = keep(name, filled);
  }
  const ownerKey = keep("ownerKey", values["ownerKey"]);
  if (ownerKey !== undefined) inputs["ownerKey"] = ownerKey;
  return { ok: true, inputs };
}

/** True once every input is known (create and update only ever see such inputs). */
export function isComplete(inputs: Record<string, unknown>): inputs is WebhookInputs & Record<string, unknown> {
  return !containsUnknown(inputs);
}

/** Why an endpoint URL is unacceptable, or undefined. Never includes credentials. */
export function endpointProblem(endpoint: string, allowInsecure: boolean): string | undefined {
  if (endpoint.length > MAX_ENDPOINT_LENGTH) return `is longer than ${MAX_ENDPOINT_LENGTH} characters`;
  const invisible = INVISIBLE.exec(endpoint);
  if (invisible) return `contains the invisible character ${codePoint(invisible[0])}: type the URL again without it`;
  if (/[\s\p{Cc}]/u.test(endpoint)) return "contains white space or control characters";
  // URL parsers read "\" as "/" in http(s) URLs; OpenSolar's may not: refuse the ambiguity.
  if (endpoint.includes("\\")) return "contains a backslash: write the URL with forward slashes only";
  // WHATWG URL accepts "https:example.com" and "https:///host"; OpenSolar's validator
  // would not, and the text would not say what it means. Require scheme://host.
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(endpoint);
  if (!parts) {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(endpoint)
      ? "has no // after the scheme (expected https://host/path)"
      : "is not an absolute URL (expected https://host/path)";
  }
  const authority = parts[2] ?? "";
  if (authority.includes("@")) {
    return "contains credentials (user:password@): put secrets in `headers`, which are kept secret";
  }
  if (hostOf(authority) === "") return "has an empty host (expected https://host/path)";
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "is not a valid URL (expected https://host/path)";
  }
  if (url.username || url.password) {
    return "contains credentials (user:password@): put secrets in `headers`, which are kept secret";
  }
  // Even an empty one ("…/path#"): the text would differ from what the server sees.
  if (endpoint.includes("#")) return "has a #fragment, which is never sent to a server";
  if (url.port === "0") return "uses port 0, which no server listens on";
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return `uses the scheme "${url.protocol.replace(":", "")}": only https is supported`;
  if (isLoopbackHost(url.hostname) || allowInsecure) return undefined;
  return "uses http: OpenSolar would send the secret headers in clear text. Use https, or set allowInsecureEndpoint: true";
}

/** The host of a URL authority without userinfo: `[::1]` or the name before `:port`. */
function hostOf(authority: string): string {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) return hostPort.slice(0, hostPort.indexOf("]") + 1);
  const colon = hostPort.indexOf(":");
  return colon === -1 ? hostPort : hostPort.slice(0, colon);
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * `__proto__` as a header name: zod's record (and any plain object) drops it silently, so
 * it is looked for among the object's own keys before the schema runs.
 */
function prototypeKeyFailures(headers: unknown): CheckFailure[] {
  if (typeof headers !== "object" || headers === null || !Object.keys(headers).includes("__proto__")) return [];
  return [
    {
      property: "headers",
      reason: 'headers["__proto__"]: "__proto__" cannot be a header name: JavaScript objects drop it without a word',
    },
  ];
}

const MAX_SHOWN_NAME = 64;

/** "header is not an input of OpenSolarWebhook (did you mean headers?)" */
function unknownInputReason(key: string): string {
  const shown = key.length > MAX_SHOWN_NAME ? `${printable(key.slice(0, MAX_SHOWN_NAME))}…` : printable(key);
  const suggestion = closestInput(key);
  const hint = suggestion !== undefined ? `did you mean ${suggestion}?` : `the inputs are ${USER_INPUTS.join(", ")}`;
  return `${shown} is not an input of OpenSolarWebhook (${hint})`;
}

/** The user input a misspelt name most likely meant, if one is close enough. */
function closestInput(key: string): string | undefined {
  const typed = key.toLowerCase().replace(/[-_\s]/g, "");
  let best: { name: string; distance: number } | undefined;
  for (const name of USER_INPUTS) {
    const lower = name.toLowerCase();
    // A prefix ("payload", "trigger") is a good guess too.
    const distance = typed.length >= 4 && lower.startsWith(typed) ? 1 : editDistance(typed, lower);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  const allowed = typed.length <= 4 ? 1 : 2;
  return best !== undefined && best.distance <= allowed ? best.name : undefined;
}

/** Edit distance counting a swap of neighbours as one edit ("feilds" for "fields"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

function toFailure(property: string, issue: z.core.$ZodIssue): CheckFailure {
  const rest = issue.path.map(String);
  if (rest.length === 0) return { property, reason: `${property} ${issue.message}` };
  const where = property + rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `[${JSON.stringify(p)}]`)).join("");
  return { property, reason: `${where}: ${issue.message}` };
}
