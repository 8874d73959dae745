import * as z from "../core/zod";
import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
import { sameFieldSet } from "./field-paths";
import { boolean, deleteBehavior, endpointText, fieldList, headerMap, positiveInteger } from "./input-schemas";
import { parseHeaders } from "./header-json";
import { sameEndpoint, sameHeaders } from "./same";

// The webhook's properties, in one table: what each is called in OpenSolar's JSON, how it
// is validated, its default, how a change to it is made, whether it is secret, and its
// description. Check, the wire format, diff, the PATCH body, outputs, read, the plugin
// schema and the TypeScript class's types (dynamic/webhook-types.ts) are all driven by it:
// a new property is a new row. A row's JSDoc is what TypeScript users see on the class's
// input and output (types mapped over this table keep it); its description strings are what
// the plugin schema says; a test holds the two to the same words.

/** How a change to a property is made. */
export type ChangeKind =
  /** sent to OpenSolar in a PATCH */
  | "patch"
  /** a new webhook (a webhook cannot move between orgs) */
  | "replace"
  /** provider-only: recorded in state, never sent to OpenSolar */
  | "setting"
  /** read at creation only, never a change, not an output */
  | "createOnly";

/** The property's type, as the plugin schema names it. */
export type FieldType = "integer" | "string" | "boolean" | "stringList" | "stringMap";

export interface WebhookField<Input extends z.ZodMiniType = z.ZodMiniType, Answer extends z.ZodMiniType = z.ZodMiniType> {
  /** The property's documentation, for the plugin schema: word for word the row's JSDoc (a test holds them together). */
  readonly description: string;
  /** Its `@default`, as documented. */
  readonly documentedDefault?: string;
  readonly type: FieldType;
  /** The values a string may take, for the schema (validation is `input`'s). */
  readonly oneOf?: readonly string[];
  /** Validation of a user's value (check). */
  readonly input: Input;
  /** Set for a property that must be given: what it is, for the failure's reason. */
  readonly required?: string;
  /** The value check fills in when the property is left out. */
  readonly fallback?: z.output<Input>;
  readonly change: ChangeKind;
  /** Equality as HTTP or OpenSolar sees it; `===` when absent. */
  readonly same?: (desired: unknown, recorded: unknown) => boolean;
  readonly secret?: true;
  /** The description of the output, where it says more than the input's. */
  readonly outputDescription?: string;
  /** Set where OpenSolar may hold null (set outside Pulumi): the output may be null. */
  readonly nullable?: true;
  /** OpenSolar's field: its name in the JSON and how an answer's value is read (leniently). */
  readonly wire?: { readonly name: string; readonly answer: Answer };
}

// Lists compare as sets (order and repeats never count); null is its own value.
const sameList = (a: unknown, b: unknown): boolean =>
  sameFieldSet(Array.isArray(a) ? (a as string[]) : null, Array.isArray(b) ? (b as string[]) : null);
const sameUrl = (a: unknown, b: unknown): boolean => typeof a === "string" && typeof b === "string" && sameEndpoint(a, b);
const sameHeaderMap = (a: unknown, b: unknown): boolean =>
  sameHeaders((a ?? {}) as Record<string, string>, (b ?? {}) as Record<string, string>);

const fieldListAnswer = z.pipe(z.optional(z.nullable(z.array(z.string()))), z.transform((value) => value ?? null));

export const WEBHOOK_FIELDS = {
  /** The org that owns the webhook. Changing it replaces the webhook. @default stack config `opensolar:orgId` (or OPENSOLAR_ORG_ID) */
  orgId: {
    description: "The org that owns the webhook. Changing it replaces the webhook.",
    documentedDefault: "stack config `opensolar:orgId` (or OPENSOLAR_ORG_ID)",
    type: "integer",
    input: positiveInteger,
    change: "replace",
  },
  /** Where OpenSolar POSTs events: an absolute https URL (http only for loopback hosts or with `allowInsecureEndpoint`). @output Where OpenSolar POSTs events, as OpenSolar stores it. */
  endpoint: {
    description: "Where OpenSolar POSTs events: an absolute https URL (http only for loopback hosts or with `allowInsecureEndpoint`).",
    outputDescription: "Where OpenSolar POSTs events, as OpenSolar stores it.",
    type: "string",
    input: endpointText,
    required: "the URL OpenSolar posts events to",
    change: "patch",
    same: sameUrl,
    wire: { name: "endpoint", answer: z.string() },
  },
  /** Headers sent with every delivery, the receiver's only proof of origin. Kept secret in state and output. @default {} @output The declared headers as OpenSolar holds them (without the ownership marker). Secret. */
  headers: {
    description: "Headers sent with every delivery, the receiver's only proof of origin. Kept secret in state and output.",
    documentedDefault: "{}",
    outputDescription: "The declared headers as OpenSolar holds them (without the ownership marker). Secret.",
    type: "stringMap",
    input: headerMap,
    fallback: {},
    change: "patch",
    same: sameHeaderMap,
    secret: true,
    // A JSON string holding an object; tolerated as an object too. Undefined: not an object.
    wire: {
      name: "headers",
      answer: z.pipe(z.optional(z.union([z.string(), z.record(z.string(), z.unknown()), z.null()])), z.transform(parseHeaders)),
    },
  },
  /** Whether OpenSolar delivers events to the endpoint. @default true */
  enabled: {
    description: "Whether OpenSolar delivers events to the endpoint.",
    documentedDefault: "true",
    type: "boolean",
    input: boolean,
    fallback: true,
    change: "patch",
    wire: { name: "enabled", answer: z.boolean() },
  },
  /** OpenSolar's `debug` flag (unused by OpenSolar today). @default false */
  debug: {
    description: "OpenSolar's `debug` flag (unused by OpenSolar today).",
    documentedDefault: "false",
    type: "boolean",
    input: boolean,
    fallback: false,
    change: "patch",
    wire: { name: "debug", answer: z.pipe(z.nullable(z.optional(z.boolean())), z.transform((value) => value ?? false)) },
  },
  /** Dotted field paths whose changes fire the webhook (`project.stage`, `contact.*`). Compared as a set. @default DEFAULT_TRIGGER_FIELDS @output As OpenSolar stores it; null means "every change fires" (set outside Pulumi). */
  triggerFields: {
    description: "Dotted field paths whose changes fire the webhook (`project.stage`, `contact.*`). Compared as a set.",
    documentedDefault: "DEFAULT_TRIGGER_FIELDS",
    outputDescription: "As OpenSolar stores it; null means \"every change fires\" (set outside Pulumi).",
    type: "stringList",
    input: fieldList,
    fallback: [...DEFAULT_TRIGGER_FIELDS],
    change: "patch",
    same: sameList,
    nullable: true,
    wire: { name: "trigger_fields", answer: fieldListAnswer },
  },
  /** Dotted field paths sent in each delivery. Compared as a set. @default DEFAULT_PAYLOAD_FIELDS @output The field paths sent in each delivery, as OpenSolar stores them; null means every field (set outside Pulumi). */
  payloadFields: {
    description: "Dotted field paths sent in each delivery. Compared as a set.",
    documentedDefault: "DEFAULT_PAYLOAD_FIELDS",
    outputDescription: "The field paths sent in each delivery, as OpenSolar stores them; null means every field (set outside Pulumi).",
    type: "stringList",
    input: fieldList,
    fallback: [...DEFAULT_PAYLOAD_FIELDS],
    change: "patch",
    same: sameList,
    nullable: true,
    wire: { name: "payload_fields", answer: fieldListAnswer },
  },
  /** Allow a plain-http endpoint on a non-loopback host (headers then travel in clear text). @default false */
  allowInsecureEndpoint: {
    description: "Allow a plain-http endpoint on a non-loopback host (headers then travel in clear text).",
    documentedDefault: "false",
    type: "boolean",
    input: boolean,
    fallback: false,
    change: "setting",
  },
  /** What `pulumi destroy` (or a replacement) does: "delete" the webhook, or "disable" it and leave it in OpenSolar. @default "delete" */
  onDelete: {
    description: "What `pulumi destroy` (or a replacement) does: \"delete\" the webhook, or \"disable\" it and leave it in OpenSolar.",
    documentedDefault: '"delete"',
    type: "string",
    oneOf: ["delete", "disable"],
    input: deleteBehavior,
    fallback: "delete",
    change: "setting",
  },
  /** Take an existing webhook under management instead of creating one: it is updated to match these inputs. Only read at creation. */
  adoptWebhookId: {
    description: "Take an existing webhook under management instead of creating one: it is updated to match these inputs. Only read at creation.",
    type: "integer",
    input: positiveInteger,
    change: "createOnly",
  },
} as const satisfies Record<string, WebhookField>;

export type WebhookFields = typeof WEBHOOK_FIELDS;
export type FieldName = keyof WebhookFields;
export const FIELD_NAMES = Object.keys(WEBHOOK_FIELDS) as FieldName[];

/** The field's spec, typed loosely: for code that walks the table. */
export function fieldSpec(name: FieldName): WebhookField {
  return WEBHOOK_FIELDS[name];
}

/** Properties that OpenSolar holds: sent in writes, read from answers. */
export const WIRE_FIELDS = FIELD_NAMES.filter((name) => fieldSpec(name).wire !== undefined);
/** Properties recorded as outputs: all but the create-only ones. */
export const OUTPUT_FIELDS = FIELD_NAMES.filter((name) => fieldSpec(name).change !== "createOnly");

type WireFieldName = { [K in FieldName]: WebhookFields[K] extends { wire: object } ? K : never }[FieldName];
/** A webhook's OpenSolar-held properties, as an answer gives them (read leniently). */
export type WireValues = { -readonly [K in WireFieldName]: z.output<WebhookFields[K]["wire"]["answer"]> };
/** Every property after check, in its validated form. */
export type FieldValues = { -readonly [K in FieldName]: z.output<WebhookFields[K]["input"]> };
