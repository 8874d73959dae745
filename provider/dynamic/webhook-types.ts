import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { FieldName, WebhookFields } from "../webhook/fields";

// The TypeScript types of `OpenSolarWebhook`'s table-driven properties, mapped over the field
// table: a new row is a new input and output here, with the row's JSDoc (mapped types keep
// the declaration each key comes from, so editors and the .d.ts show it).

type Row<K extends FieldName> = WebhookFields[K];

/** A value of the row's type; an input's list items and header values may be Inputs themselves. */
type ValueOf<K extends FieldName, Wrap extends "input" | "output"> =
  Row<K> extends { readonly oneOf: readonly (infer Choice)[] }
    ? Choice
    : Row<K>["type"] extends "integer"
      ? number
      : Row<K>["type"] extends "boolean"
        ? boolean
        : Row<K>["type"] extends "stringList"
          ? Array<Wrap extends "input" ? pulumi.Input<string> : string>
          : Row<K>["type"] extends "stringMap"
            ? Record<string, Wrap extends "input" ? pulumi.Input<string> : string>
            : string;

/** As an output, a row whose OpenSolar answer may be null (set outside Pulumi) may be null too. */
type OutputOf<K extends FieldName> =
  | ValueOf<K, "output">
  | (Row<K> extends { readonly wire: { readonly answer: infer Answer extends z.ZodType } } ? (null extends z.output<Answer> ? null : never) : never);

type RequiredName = { [K in FieldName]: Row<K> extends { readonly required: string } ? K : never }[FieldName];

/** The inputs the field table describes: a row with `required` must be given. */
export type WebhookFieldArgs = {
  -readonly [K in keyof WebhookFields as K extends RequiredName ? K : never]: pulumi.Input<ValueOf<K, "input">>;
} & {
  -readonly [K in keyof WebhookFields as K extends RequiredName ? never : K]?: pulumi.Input<ValueOf<K, "input">>;
};

/** The outputs the field table describes: every row but the create-only ones. */
export type WebhookFieldOutputs = {
  readonly [K in keyof WebhookFields as Row<K>["change"] extends "createOnly" ? never : K]: pulumi.Output<OutputOf<K>>;
};
