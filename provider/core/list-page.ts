import * as z from "./zod";

// The shapes of OpenSolar's answers that are the same for every resource: a list page, and
// a body that is not JSON, described without pasting it.

/** The outcome of parsing an answer: the value, or a description of what was wrong (never the body). */
export type WireParse<T> = { ok: true; value: T } | { ok: false; problem: string };

const pageSchema = z.object({
  results: z.array(z.unknown()),
  next: z.optional(z.nullable(z.string())),
});

/** One page of a list answer: a plain array, or a DRF page with `results` and `next`. */
export function parseListPage(body: unknown): WireParse<{ items: unknown[]; next: string | undefined }> {
  if (typeof body === "string") return { ok: false, problem: describeText(body) };
  if (Array.isArray(body)) return { ok: true, value: { items: body, next: undefined } };
  const page = z.safeParse(pageSchema, body);
  if (page.success) return { ok: true, value: { items: page.data.results, next: page.data.next ?? undefined } };
  return { ok: false, problem: "expected a JSON array or a page with `results`" };
}

/** A body that did not parse as JSON, described without pasting it. */
export function describeText(text: string): string {
  return /^\s*</.test(text) ? "an HTML page instead of JSON" : "text that is not JSON";
}
