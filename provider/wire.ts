import { z } from "zod";

// OpenSolar's webhook as it travels over HTTP (snake_case, headers as a JSON string), and
// the parsing of answers. Answers are parsed leniently where the API is only inferred
// (ids as strings, headers as object or string, paginated or plain lists) and strictly
// where we depend on a value (an `id`, booleans, lists).

/** The write body of POST and PATCH. */
export interface WebhookWriteBody {
  endpoint?: string;
  headers?: string;
  enabled?: boolean;
  debug?: boolean;
  trigger_fields?: string[];
  payload_fields?: string[];
}

/** A webhook as OpenSolar answers it, normalized. */
export interface ApiWebhook {
  readonly id: number;
  readonly url: string | undefined;
  readonly endpoint: string;
  /** Parsed from the JSON string; undefined when OpenSolar's value is not a JSON object. */
  readonly headers: Record<string, string> | undefined;
  readonly enabled: boolean;
  readonly debug: boolean;
  readonly triggerFields: string[] | null;
  readonly payloadFields: string[] | null;
  readonly createdDate: string | undefined;
}

// An id later calls can use in a path: a positive integer that survives JSON exactly.
const idNumber = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .positive("must be positive")
  .max(Number.MAX_SAFE_INTEGER, "must be at most 2^53 - 1");
const idSchema = z.union([idNumber, z.string().regex(/^\d{1,16}$/).transform(Number).pipe(idNumber)], {
  error: "must be a positive whole number",
});

const apiWebhookSchema = z.object({
  id: idSchema,
  url: z.string().optional().nullable(),
  endpoint: z.string(),
  headers: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional(),
  enabled: z.boolean(),
  debug: z.boolean().optional().nullable(),
  trigger_fields: z.array(z.string()).nullable().optional(),
  payload_fields: z.array(z.string()).nullable().optional(),
  created_date: z.string().optional().nullable(),
});

const pageSchema = z.object({
  results: z.array(z.unknown()),
  next: z.string().nullable().optional(),
});

/** The outcome of parsing an answer: the value, or a description of what was wrong (never the body). */
export type WireParse<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseApiWebhook(body: unknown): WireParse<ApiWebhook> {
  if (typeof body === "string") return { ok: false, problem: describeText(body) };
  const parsed = apiWebhookSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
    return { ok: false, problem: `${where}: ${issue?.message ?? "unexpected shape"}` };
  }
  const w = parsed.data;
  return {
    ok: true,
    value: {
      id: w.id,
      url: w.url ?? undefined,
      endpoint: w.endpoint,
      headers: parseHeaders(w.headers),
      enabled: w.enabled,
      debug: w.debug ?? false,
      triggerFields: w.trigger_fields ?? null,
      payloadFields: w.payload_fields ?? null,
      createdDate: w.created_date ?? undefined,
    },
  };
}

/** One page of a list answer: a plain array, or a DRF page with `results` and `next`. */
export function parseListPage(body: unknown): WireParse<{ items: unknown[]; next: string | undefined }> {
  if (typeof body === "string") return { ok: false, problem: describeText(body) };
  if (Array.isArray(body)) return { ok: true, value: { items: body, next: undefined } };
  const page = pageSchema.safeParse(body);
  if (page.success) return { ok: true, value: { items: page.data.results, next: page.data.next ?? undefined } };
  return { ok: false, problem: "expected a JSON array or a page with `results`" };
}

/** A body that did not parse as JSON, described without pasting it. */
function describeText(text: string): string {
  return /^\s*</.test(text) ? "an HTML page instead of JSON" : "text that is not JSON";
}

/** OpenSolar keeps headers as a JSON string holding an object; tolerate an object too. */
function parseHeaders(value: string | Record<string, unknown> | null | undefined): Record<string, string> | undefined {
  if (value === null || value === undefined || value === "") return {};
  let object: unknown = value;
  if (typeof value === "string") {
    try {
      object = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  const result: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(object)) result[name] = String(headerValue);
  return result;
}

export function serializeHeaders(headers: Readonly<Record<string, string>>): string {
  return JSON.stringify(headers);
}
