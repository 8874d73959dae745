import * as z from "../core/zod";
import type { ResourceVocabulary } from "../core/errors";
import { describeText, type WireParse } from "../core/list-page";
import { fieldSpec, WEBHOOK_FIELDS, WIRE_FIELDS, type FieldName, type WireValues } from "./fields";

// OpenSolar's webhook as it travels over HTTP (snake_case, headers as a JSON string), and
// the parsing of answers, both from the field table (fields.ts). Answers are parsed
// leniently where the API is only inferred (ids as strings, headers as object or string)
// and strictly where we depend on a value (an `id`, booleans, lists).

/** The write body of POST and PATCH: OpenSolar's field names, values as they travel. */
export type WebhookWriteBody = Partial<Record<string, unknown>> & { endpoint?: string; headers?: string };

/** A webhook as OpenSolar answers it, in the inputs' vocabulary. */
export type ApiWebhook = Readonly<WireValues> & {
  readonly id: number;
  readonly url: string | undefined;
  readonly createdDate: string | undefined;
};

// An id later calls can use in a path: a positive integer that survives JSON exactly.
const idNumber = z
  .number({ error: "must be a number" })
  .check(z.int("must be a whole number"), z.positive("must be positive"), z.maximum(Number.MAX_SAFE_INTEGER, "must be at most 2^53 - 1"));
const idSchema = z.union([idNumber, z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,16}$/)), z.transform(Number)), idNumber)], {
  error: "must be a positive whole number",
});

const apiWebhookSchema = z.object({
  id: idSchema,
  url: z.nullable(z.optional(z.string())),
  created_date: z.nullable(z.optional(z.string())),
  ...Object.fromEntries(WIRE_FIELDS.map((name) => [wireName(name), fieldSpec(name).wire?.answer ?? z.never()])),
});

// What a listing is searched by: a webhook's id and its headers (for the ownership marker).
const listedKeySchema = z.object({ id: idSchema, headers: WEBHOOK_FIELDS.headers.wire.answer });

/** A listed webhook's id and header names; the rest of it is parsed when asked for. */
export function parseListedKey(body: unknown): WireParse<{ id: number; headerNames: string[] }> {
  const parsed = typeof body === "string" ? undefined : z.safeParse(listedKeySchema, body);
  if (parsed?.success) return { ok: true, value: { id: parsed.data.id, headerNames: Object.keys(parsed.data.headers ?? {}) } };
  // The problem as the whole webhook's parse words it.
  const whole = parseApiWebhook(body);
  return whole.ok ? { ok: false, problem: "id or headers: unexpected shape" } : whole;
}

/** OpenSolar's name of a property it holds. */
export function wireName(name: FieldName): string {
  return fieldSpec(name).wire?.name ?? name;
}

export function parseApiWebhook(body: unknown): WireParse<ApiWebhook> {
  if (typeof body === "string") return { ok: false, problem: describeText(body) };
  const parsed = z.safeParse(apiWebhookSchema, body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
    return { ok: false, problem: `${where}: ${issue?.message ?? "unexpected shape"}` };
  }
  const answer = parsed.data as Record<string, unknown> & { id: number; url?: string | null; created_date?: string | null };
  const values = Object.fromEntries(WIRE_FIELDS.map((name) => [name, answer[wireName(name)]])) as WireValues;
  return { ok: true, value: { ...values, id: answer.id, url: answer.url ?? undefined, createdDate: answer.created_date ?? undefined } };
}

/** How errors name the webhook and its fields (a 400's DRF field names as our properties). */
export const WEBHOOK_VOCABULARY: ResourceVocabulary = {
  noun: "webhook",
  propertyOf: Object.fromEntries(WIRE_FIELDS.map((name) => [wireName(name), name])),
};
