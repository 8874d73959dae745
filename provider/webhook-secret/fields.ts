import * as z from "../core/zod";
import { DEFAULT_SECRET_HEADER } from "../../receiver/secret";
import type { FieldType } from "../webhook/fields";
import { HEADER_NAME } from "../webhook/input-schemas";

// The properties of `WebhookSecret`, in one table: validation, default, description and
// whether the value is secret. Check, diff and the plugin schema are driven by it. Nothing
// travels to OpenSolar: the secret lives in state only.

export interface SecretField {
  readonly description: string;
  readonly documentedDefault: string;
  readonly type: FieldType;
  readonly input: z.ZodMiniType;
  readonly fallback: unknown;
}

export const SECRET_INPUT_FIELDS = {
  rotation: {
    description: "Change this value (a date, a counter) to rotate: a new secret becomes current and the old one `previous`.",
    documentedDefault: '""',
    type: "string",
    input: z.string({ error: "rotation must be a string" }),
    fallback: "",
  },
  headerName: {
    description: "The header that carries the secret.",
    documentedDefault: '"X-OpenSolar-Webhook-Secret"',
    type: "string",
    input: z.string({ error: "headerName must be a valid HTTP header name" }).check(z.regex(HEADER_NAME, "headerName must be a valid HTTP header name")),
    fallback: DEFAULT_SECRET_HEADER,
  },
  retirePrevious: {
    description:
      "Keep no previous secret: it is no longer accepted (and a rotation while this is true revokes the old secret at once, for a leaked one).",
    documentedDefault: "false",
    type: "boolean",
    input: z.boolean({ error: "retirePrevious must be true or false" }),
    fallback: false,
  },
} as const satisfies Record<string, SecretField>;

/** Outputs made by the provider; every one but `headerName` is secret. */
export const SECRET_OUTPUT_FIELDS = {
  current: { description: "The secret the webhook sends.", type: "string", secret: true },
  previous: { description: "The secret before the last rotation, still accepted until `retirePrevious`.", type: "string", secret: true },
  headers: { description: "`{ [headerName]: current }`: the webhook's `headers`.", type: "stringMap", secret: true },
  acceptedSecrets: { description: "`[current, previous]`: what the receiver accepts.", type: "stringList", secret: true },
} as const satisfies Record<string, { description: string; type: FieldType; secret: boolean }>;

export type SecretInputName = keyof typeof SECRET_INPUT_FIELDS;
export const SECRET_INPUT_NAMES = Object.keys(SECRET_INPUT_FIELDS) as SecretInputName[];
