import { z } from "zod";
import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
import { dedupe, fieldPathProblem } from "./fields";
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
// Set by the HTTP layer that delivers webhooks; a configured one would conflict or break framing.
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "transfer-encoding", "connection"]);

const positiveInteger = z.number({ error: "must be a number" }).int("must be a whole number").positive("must be positive");
const boolean = z.boolean({ error: "must be true or false" });

const fieldList = z
  .array(z.string({ error: "each field path must be a string" }), { error: "must be a list of field paths" })
  .min(1, {
    message:
      "must not be empty: OpenSolar stores a blank list as null, which fires on every change. " +
      "Leave the property out for the documented defaults",
  })
  .max(MAX_FIELD_PATHS, { message: `must hold at most ${MAX_FIELD_PATHS} field paths` })
  .superRefine((paths, ctx) => {
    paths.forEach((path, index) => {
      if (isUnknown(path)) return;
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
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `"${printable(name)}" is not a valid HTTP header name` });
      } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is set by OpenSolar's delivery and cannot be configured` });
      }
      const lower = name.toLowerCase();
      const twin = seen.get(lower);
      if (twin !== undefined) {
        ctx.addIssue({ code: "custom", path: [name], message: `"${name}" repeats "${twin}": header names ignore case` });
      }
      seen.set(lower, name);
      // Never echo a header value: it is a secret.
      if (isUnknown(value)) continue;
      if (/[\r\n\0]/.test(value)) {
        ctx.addIssue({ code: "custom", path: [name], message: "the value contains a line break or NUL (header injection)" });
      } else if (value.length > MAX_HEADER_VALUE_LENGTH) {
        ctx.addIssue({ code: "custom", path: [name], message: `the value is longer than ${MAX_HEADER_VALUE_LENGTH} characters` });
      } else if (value.trim() === "") {
        ctx.addIssue({ code: "custom", path: [name], message: "the value is empty" });
      }
    }
  });

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
} as const;

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
    if (!(key in propertySchemas)) {
      failures.push({ property: key, reason: `${key} is not an input of OpenSolarWebhook` });
      continue;
    }
    if (isUnknown(value)) {
      unknown.add(key);
      continue;
    }
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
  return { ok: true, inputs };
}

/** True once every input is known (create and update only ever see such inputs). */
export function isComplete(inputs: Record<string, unknown>): inputs is WebhookInputs & Record<string, unknown> {
  return !containsUnknown(inputs);
}

/** Why an endpoint URL is unacceptable, or undefined. Never includes credentials. */
export function endpointProblem(endpoint: string, allowInsecure: boolean): string | undefined {
  if (endpoint.length > MAX_ENDPOINT_LENGTH) return `is longer than ${MAX_ENDPOINT_LENGTH} characters`;
  if (/[\s\0]/.test(endpoint)) return "contains white space or control characters";
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "is not an absolute URL (expected https://host/path)";
  }
  if (url.username || url.password) {
    return "contains credentials (user:password@): put secrets in `headers`, which are kept secret";
  }
  if (url.hash) return "has a #fragment, which is never sent to a server";
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return `uses the scheme "${url.protocol.replace(":", "")}": only https is supported`;
  if (isLoopback(url.hostname) || allowInsecure) return undefined;
  return "uses http: OpenSolar would send the secret headers in clear text. Use https, or set allowInsecureEndpoint: true";
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function toFailure(property: string, issue: z.core.$ZodIssue): CheckFailure {
  const rest = issue.path.map(String);
  if (rest.length === 0) return { property, reason: `${property} ${issue.message}` };
  const where = property + rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `[${JSON.stringify(p)}]`)).join("");
  return { property, reason: `${where}: ${issue.message}` };
}

function printable(text: string): string {
  return text.replace(/[\r\n\0]/g, (c) => JSON.stringify(c).slice(1, -1));
}
