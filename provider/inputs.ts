import { z } from "zod";
import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
import { dedupe, fieldPathProblem } from "./fields";
import { isLoopbackHost } from "./loopback";
import { isOwnerHeaderName, isOwnerKey, OWNER_HEADER_PREFIX } from "./owner-marker";
import { containsUnknown, isUnknown, UNKNOWN } from "./unknown";

// Validation of the resource's inputs, run by `check` before anything is sent. Each
// failure names its property, so `pulumi preview` points at the line to fix. A value that
// is unknown during preview passes untouched: it is checked again once it is known.

export type DeleteBehavior = "delete" | "disable";

/** Inputs after `check`: defaults filled in, lists without repeats. */
export interface WebhookInputs {
  orgId: number;
  endpoint: string;
  headers: Record<string, string>;
  enabled: boolean;
  debug: boolean;
  triggerFields: string[];
  payloadFields: string[];
  allowInsecureEndpoint: boolean;
  onDelete: DeleteBehavior;
  adoptWebhookId?: number;
  /** Set by the resource class, never by users: the resource identity's hash (owner-marker.ts). */
  ownerKey?: string;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export const MAX_FIELD_PATHS = 500;
export const MAX_HEADERS = 32;
const MAX_HEADER_VALUE_LENGTH = 4096;
const MAX_ENDPOINT_LENGTH = 2048;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Set by the HTTP layer that delivers webhooks; a configured one would conflict, break
// framing or change how the connection behaves (Expect: 100-continue, Upgrade).
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "expect",
  "te",
  "upgrade",
  "keep-alive",
]);
// Control characters a header value cannot carry (RFC 9110 field-value: tab is the only one allowed).
const VALUE_CONTROL = /[\x01-\x08\x0a-\x1f\x7f]/;
// Header values travel as bytes; Node and most servers read them as Latin-1.
const BEYOND_LATIN1 = /[^\x00-\xff]/;
// Characters nobody can see: format characters (zero-width space, soft hyphen, BOM, bidi
// controls, tags), surrogates, private use, unassigned, and the invisible fillers and
// variation selectors that are letters or marks to Unicode.
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Co}\p{Cn}\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

const positiveInteger = z.number({ error: "must be a number" }).int("must be a whole number").positive("must be positive");
const boolean = z.boolean({ error: "must be true or false" });

const fieldList = z
  .array(z.string({ error: "each field path must be a string" }), { error: "must be a list of field paths" })
  .min(1, {
    message:
      "must not be empty: OpenSolar stores a blank list as null, which fires on every change. " +
      "Leave the property out for the documented defaults",
  })
  .superRefine((paths, ctx) => {
    // Repeats collapse (see dedupe) before the size limit counts: 600 copies of one path are one path.
    const distinct = new Set(paths);
    if (distinct.size > MAX_FIELD_PATHS) {
      ctx.addIssue({ code: "custom", message: `must hold at most ${MAX_FIELD_PATHS} field paths (repeats count once)` });
    }
    const reported = new Set<string>();
    paths.forEach((path, index) => {
      if (isUnknown(path) || reported.has(path)) return;
      reported.add(path);
      const problem = fieldPathProblem(path);
      if (problem) ctx.addIssue({ code: "custom", path: [index], message: problem });
    });
  });

const headerMap = z
  .record(z.string(), z.string({ error: "header values must be strings" }), {
    error: "must be an object of header names to string values",
  })
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_HEADERS) ctx.addIssue({ code: "custom", message: `must hold at most ${MAX_HEADERS} headers` });
    const seen = new Map<string, string>();
    for (const name of names) {
      const value = headers[name] ?? "";
      const nameProblem = headerNameProblem(name);
      if (nameProblem) ctx.addIssue({ code: "custom", path: [name], message: nameProblem });
      const lower = name.toLowerCase();
      const twin = seen.get(lower);
      if (twin !== undefined) {
        ctx.addIssue({ code: "custom", path: [name], message: `"${name}" repeats "${twin}": header names ignore case` });
      }
      seen.set(lower, name);
      if (isUnknown(value)) continue;
      const valueProblem = headerValueProblem(value);
      if (valueProblem) ctx.addIssue({ code: "custom", path: [name], message: valueProblem });
    }
  });

function headerNameProblem(name: string): string | undefined {
  if (!HEADER_NAME.test(name)) return `"${printable(name)}" is not a valid HTTP header name`;
  if (RESERVED_HEADERS.has(name.toLowerCase())) return `"${name}" is set by OpenSolar's delivery and cannot be configured`;
  if (isOwnerHeaderName(name)) {
    return `"${name}" is reserved: names starting with ${OWNER_HEADER_PREFIX} carry the provider's ownership marker`;
  }
  return undefined;
}

/** Why a header value cannot be sent. Never quotes the value, nor any part of it: it is a secret. */
function headerValueProblem(value: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return "the value contains a line break or NUL (header injection)";
  if (VALUE_CONTROL.test(value)) return "the value contains a control character: tab is the only one a header value may hold";
  if (BEYOND_LATIN1.test(value)) {
    return "the value contains a character beyond Latin-1 (above U+00FF), which a header value cannot carry: encode it, for example as base64";
  }
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `the value is longer than ${MAX_HEADER_VALUE_LENGTH} characters`;
  if (value.trim() === "") return "the value is empty";
  if (/^\s|\s$/.test(value)) return "the value starts or ends with white space, which HTTP drops: the receiver would see another value";
  return undefined;
}

// One schema per property: each is checked on its own, so every problem is reported at
// once and an unknown (preview) property simply skips its schema.
const propertySchemas = {
  orgId: positiveInteger,
  endpoint: z.string({ error: "must be a string: the URL OpenSolar posts events to" }),
  headers: headerMap,
  enabled: boolean,
  debug: boolean,
  triggerFields: fieldList,
  payloadFields: fieldList,
  allowInsecureEndpoint: boolean,
  onDelete: z.enum(["delete", "disable"], { error: 'must be "delete" or "disable"' }),
  adoptWebhookId: positiveInteger,
  // Not for users: the resource class sets it (see webhook.ts and owner-marker.ts).
  ownerKey: z.string({ error: "must be a string" }).refine(isOwnerKey, "must be an owner key as OpenSolarWebhook computes it"),
} as const;
/** The inputs users write, for suggestions: the provider's own `ownerKey` is left out. */
const USER_INPUTS = Object.keys(propertySchemas).filter((name) => name !== "ownerKey");

type PropertyName = keyof typeof propertySchemas;
type ParsedInputs = { [K in PropertyName]?: z.infer<(typeof propertySchemas)[K]> };

export type CheckOutcome =
  | { ok: true; inputs: Record<string, unknown> }
  | { ok: false; failures: CheckFailure[] };

/**
 * Validates raw inputs and fills in defaults. `defaultOrgId` comes from the provider's
 * settings. Properties still unknown (preview) are kept as they are.
 */
export function checkInputs(raw: Record<string, unknown>, defaultOrgId: number | undefined): CheckOutcome {
  const failures: CheckFailure[] = [];
  const values: ParsedInputs = {};
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
    const parsed = propertySchemas[key as PropertyName].safeParse(value, { reportInput: false });
    if (parsed.success) (values as Record<string, unknown>)[key] = parsed.data;
    else for (const issue of parsed.error.issues) failures.push(toFailure(key, issue));
  }

  if (values.endpoint === undefined && !unknown.has("endpoint") && !failures.some((f) => f.property === "endpoint")) {
    failures.push({ property: "endpoint", reason: "endpoint is required: the URL OpenSolar posts events to" });
  }
  if (values.endpoint !== undefined) {
    const insecureAllowed = unknown.has("allowInsecureEndpoint") || values.allowInsecureEndpoint === true;
    const problem = endpointProblem(values.endpoint, insecureAllowed);
    // The engine prints the value of the property a failure names; a URL with a password
    // is reported without naming it (the reason still starts with "endpoint").
    const hasCredentials = problem !== undefined && /credentials/.test(problem);
    if (problem) failures.push({ property: hasCredentials ? "" : "endpoint", reason: `endpoint ${problem}` });
  }
  const orgId = unknown.has("orgId") ? UNKNOWN : values.orgId ?? defaultOrgId;
  if (orgId === undefined && !failures.some((f) => f.property === "orgId")) {
    failures.push({
      property: "orgId",
      reason:
        "orgId is not set: give the orgId input, or set a default with `pulumi config set opensolar:orgId <id>` " +
        "(or OPENSOLAR_ORG_ID)",
    });
  }
  if (failures.length > 0) return { ok: false, failures };

  const keep = (key: PropertyName, value: unknown): unknown => (unknown.has(key) ? UNKNOWN : value);
  const inputs: Record<string, unknown> = {
    orgId,
    endpoint: keep("endpoint", values.endpoint),
    headers: keep("headers", values.headers ?? {}),
    enabled: keep("enabled", values.enabled ?? true),
    debug: keep("debug", values.debug ?? false),
    triggerFields: keep("triggerFields", dedupe(values.triggerFields ?? DEFAULT_TRIGGER_FIELDS)),
    payloadFields: keep("payloadFields", dedupe(values.payloadFields ?? DEFAULT_PAYLOAD_FIELDS)),
    allowInsecureEndpoint: keep("allowInsecureEndpoint", values.allowInsecureEndpoint ?? false),
    onDelete: keep("onDelete", values.onDelete ?? "delete"),
  };
  const adopt = keep("adoptWebhookId", values.adoptWebhookId);
  if (adopt !== undefined) inputs["adoptWebhookId"] = adopt;
  const ownerKey = keep("ownerKey", values.ownerKey);
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

/** A name as it can be printed on one line: control and invisible characters escaped. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => {
    const json = JSON.stringify(c).slice(1, -1); // \r, \n, \u0000 for C0
    return json !== c ? json : `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  });
}
