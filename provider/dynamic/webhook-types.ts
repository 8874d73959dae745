import type * as pulumi from "@pulumi/pulumi";
import type { FieldName, WebhookFields } from "../webhook/fields";

// The TypeScript types of `OpenSolarWebhook`'s table-driven properties, mapped over the field
// table: a new row is a new input and output here, with the row's JSDoc (homomorphic mapped
// types and Pick keep the declaration each key comes from, so editors and the .d.ts show it).
// Written for TypeScript 3.8 too, which compiles a program that has no TypeScript of its own
// (@pulumi/pulumi vendors it): no key remapping (`as`), no `infer … extends`, no zod types.

type Row<K extends FieldName> = WebhookFields[K];

/** A value of the row's type; an input's list items and header values may be Inputs themselves. */
type ValueOf<K extends FieldName, Side extends "input" | "output"> = Row<K> extends { readonly oneOf: readonly (infer Choice)[] }
  ? Choice
  : Row<K>["type"] extends "integer"
    ? number
    : Row<K>["type"] extends "boolean"
      ? boolean
      : Row<K>["type"] extends "stringList"
        ? Array<Side extends "input" ? pulumi.Input<string> : string>
        : Row<K>["type"] extends "stringMap"
          ? Record<string, Side extends "input" ? pulumi.Input<string> : string>
          : string;

/** As an output, a row OpenSolar may hold as null (set outside Pulumi) may be null. */
type OutputOf<K extends FieldName> = ValueOf<K, "output"> | (Row<K> extends { readonly nullable: true } ? null : never);

type RequiredName = { [K in FieldName]: Row<K> extends { readonly required: string } ? K : never }[FieldName];
type OutputName = { [K in FieldName]: Row<K>["change"] extends "createOnly" ? never : K }[FieldName];

type InputOfEach = { -readonly [K in keyof WebhookFields]: pulumi.Input<ValueOf<K, "input">> };
type OutputOfEach = { readonly [K in keyof WebhookFields]: pulumi.Output<OutputOf<K>> };

/** The inputs the field table describes: a row with `required` must be given. */
export type WebhookFieldArgs = Pick<InputOfEach, RequiredName> & Partial<Pick<InputOfEach, Exclude<FieldName, RequiredName>>>;

/** The outputs the field table describes: every row but the create-only ones. */
export type WebhookFieldOutputs = Pick<OutputOfEach, OutputName>;
