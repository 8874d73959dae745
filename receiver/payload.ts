import { z } from "zod";
import type { ContactFields, EventFields, ProjectFields } from "./fields";

export const PAYLOAD_MODELS = ["Project", "Contact", "Event"] as const;
export type PayloadModel = (typeof PAYLOAD_MODELS)[number];

export const PAYLOAD_EVENTS = ["CREATE", "UPDATE", "DELETE"] as const;
export type PayloadEvent = (typeof PAYLOAD_EVENTS)[number];

interface PayloadBase<Model extends PayloadModel> {
  /** Unix seconds, as sent: a string of digits. */
  timestamp: string;
  /** `timestamp` as a Date. */
  date: Date;
  model: Model;
  model_id: number;
  /** Set by whoever created the record, or generated; often another system's id. */
  identifier: string;
  event_id: number;
}

/** CREATE and UPDATE carry the model's fields, filtered by the webhook's payload_fields. */
export interface ChangePayload<Model extends PayloadModel, Fields> extends PayloadBase<Model> {
  event: "CREATE" | "UPDATE";
  fields: Fields;
}

/** DELETE carries no fields. */
export interface DeletePayload<Model extends PayloadModel> extends PayloadBase<Model> {
  event: "DELETE";
}

export type ProjectPayload = ChangePayload<"Project", ProjectFields> | DeletePayload<"Project">;
export type ContactPayload = ChangePayload<"Contact", ContactFields> | DeletePayload<"Contact">;
export type EventPayload = ChangePayload<"Event", EventFields> | DeletePayload<"Event">;

/** A delivery, checked and normalized: narrow on `model` and `event` to reach `fields`. */
export type WebhookPayload = ProjectPayload | ContactPayload | EventPayload;

/**
 * A delivery's JSON as it may arrive: ids may be numeric strings and the timestamp a number;
 * {@link parsePayload} normalizes them.
 */
export interface WebhookPayloadJson {
  timestamp: string | number;
  model: PayloadModel;
  model_id: number | string;
  identifier: string | number;
  event: PayloadEvent;
  event_id: number | string;
  fields?: Record<string, unknown>;
}

/** What is wrong with a body: `path` is dotted (`fields`, `model_id`), "" for the body itself. */
export interface PayloadProblem {
  path: string;
  message: string;
}

/** What {@link parsePayload} found: the payload, or every problem with the body. */
export type PayloadParseResult = { ok: true; payload: WebhookPayload } | { ok: false; problems: PayloadProblem[] };

/** @deprecated The same type under its first name; use {@link PayloadParseResult}. */
export type ParseResult = PayloadParseResult;

/** "is required" for a missing property, else "must be <description>". */
function expected(description: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${description}`) };
}

/**
 * A value passing `test`. Built on refine rather than z.custom, whose failure stops the
 * object's other checks: a body with a bad id should still hear that `fields` is missing.
 */
function accepted(test: (value: unknown) => boolean, description: string) {
  return z.unknown().refine(test, expected(description));
}

const wholeNumber = accepted(
  (value) =>
    (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) ||
    (typeof value === "string" && /^\d{1,15}$/.test(value)),
  "a whole number (or a string of digits)",
).transform(Number);

const unixSeconds = accepted(
  (value) =>
    (typeof value === "string" && /^\d{1,12}(\.\d+)?$/.test(value)) ||
    (typeof value === "number" && Number.isFinite(value) && value >= 0),
  "unix seconds as a string of digits",
).transform(String);

const identifier = accepted(
  (value) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value)),
  "a string",
).transform(String);

const isChange = (value: unknown): boolean =>
  typeof value === "object" && value !== null && ["CREATE", "UPDATE"].includes((value as { event?: unknown }).event as string);

/**
 * The zod schema of a delivery, for those who compose schemas; its output is a
 * {@link WebhookPayload}. Unknown top-level properties are dropped, as are `fields` on DELETE.
 */
export const webhookPayloadSchema = z
  .object(
    {
      timestamp: unixSeconds,
      model: z.enum(PAYLOAD_MODELS, expected(`one of ${PAYLOAD_MODELS.map((m) => `"${m}"`).join(", ")}`)),
      model_id: wholeNumber,
      identifier,
      event: z.enum(PAYLOAD_EVENTS, expected(`one of ${PAYLOAD_EVENTS.map((e) => `"${e}"`).join(", ")}`)),
      event_id: wholeNumber,
      fields: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
    },
    { error: "must be a JSON object" },
  )
  // `when` reports a missing `fields` together with the other problems, not after they are fixed.
  .refine((raw) => raw.event === "DELETE" || raw.fields !== undefined, {
    path: ["fields"],
    message: "is required for CREATE and UPDATE",
    when: (payload) => isChange(payload.value),
  })
  .transform((raw): WebhookPayload => {
    const base = {
      timestamp: raw.timestamp,
      date: new Date(Number(raw.timestamp) * 1000),
      model: raw.model,
      model_id: raw.model_id,
      identifier: raw.identifier,
    };
    // The casts pair `model` with its fields type: zod cannot see that correlation.
    if (raw.event === "DELETE") return { ...base, event: "DELETE", event_id: raw.event_id } as WebhookPayload;
    return { ...base, event: raw.event, event_id: raw.event_id, fields: raw.fields ?? {} } as WebhookPayload;
  });

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks a delivery's body: raw bytes, text, or JSON someone already parsed. Never throws;
 * every problem found is reported, named by its property.
 */
export function parsePayload(body: unknown): PayloadParseResult {
  let json: unknown = body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    try {
      json = utf8.decode(body);
    } catch {
      return failure("", "is not UTF-8 text");
    }
  }
  if (typeof json === "string") {
    if (json.trim() === "") return failure("", "is empty");
    try {
      json = JSON.parse(json);
    } catch (error) {
      return failure("", `is not JSON (${(error as Error).message})`);
    }
  }
  const result = webhookPayloadSchema.safeParse(json);
  if (result.success) return { ok: true, payload: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}

function failure(path: string, message: string): PayloadParseResult {
  return { ok: false, problems: [{ path, message }] };
}
