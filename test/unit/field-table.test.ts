import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import type { OpenSolarWebhook, OpenSolarWebhookArgs } from "../../provider";
import { SECRET_INPUT_FIELDS } from "../../provider/webhook-secret/fields";
import { fieldSpec, FIELD_NAMES, WEBHOOK_FIELDS } from "../../provider/webhook/fields";
import { checkInputs } from "../../provider/webhook/inputs";
import { compareWebhook } from "../../provider/webhook/diff";
import { WEBHOOK_VOCABULARY, parseApiWebhook } from "../../provider/webhook/wire";

// The field table is the one place a property is described; the TypeScript classes carry
// the same words as JSDoc. These tests hold the two together and check that the table,
// not per-property code, drives check, the wire format and diff.

interface DocumentedProperty {
  readonly optional: boolean;
  readonly comment: string;
  readonly defaultTag: string | undefined;
  readonly outputTag?: string | undefined;
}

const REPO = join(__dirname, "../..");

function jsDocOf(node: ts.Node): { comment: string; tag: (name: string) => string | undefined } {
  const doc = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc);
  const text = (comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string =>
    typeof comment === "string" ? comment : (comment ?? []).map((part) => part.text).join("");
  return {
    comment: text(doc?.comment).trim(),
    tag: (name) => {
      const tag = doc?.tags?.find((candidate) => candidate.tagName.text === name);
      return tag === undefined ? undefined : text(tag.comment).trim();
    },
  };
}

/** The properties of an interface in a source file, with their JSDoc, read by the TypeScript compiler. */
function documentedProperties(file: string, interfaceName: string): Map<string, DocumentedProperty> {
  const path = join(REPO, file);
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = new Map<string, DocumentedProperty>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== interfaceName) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      const doc = jsDocOf(member);
      found.set(member.name.text, { optional: member.questionToken !== undefined, comment: doc.comment, defaultTag: doc.tag("default") });
    }
  });
  if (found.size === 0) throw new Error(`${interfaceName} not found in ${file}`);
  return found;
}

/** The JSDoc of each row of WEBHOOK_FIELDS, as written in fields.ts. */
function rowDocs(): Map<string, DocumentedProperty> {
  const path = join(REPO, "provider/webhook/fields.ts");
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = new Map<string, DocumentedProperty>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === "WEBHOOK_FIELDS") {
      let table: ts.Node | undefined = node.initializer;
      while (table !== undefined && (ts.isSatisfiesExpression(table) || ts.isAsExpression(table))) table = table.expression;
      if (table === undefined || !ts.isObjectLiteralExpression(table)) throw new Error("WEBHOOK_FIELDS is not an object literal");
      for (const row of table.properties) {
        if (!ts.isPropertyAssignment(row) || !ts.isIdentifier(row.name)) continue;
        const doc = jsDocOf(row);
        found.set(row.name.text, { optional: false, comment: doc.comment, defaultTag: doc.tag("default"), outputTag: doc.tag("output") });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What a TypeScript user's editor sees on the exported types: each property's optionality and documentation, from the type checker. */
function typeCheckedProperties(): { args: Map<string, DocumentedProperty>; outputs: Map<string, DocumentedProperty> } {
  const entry = join(REPO, "provider/index.ts");
  const program = ts.createProgram([entry], { strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile) as ts.Symbol;
  const exported = (name: string): ts.Symbol => {
    const symbol = checker.getExportsOfModule(module).find((candidate) => candidate.name === name);
    if (symbol === undefined) throw new Error(`${name} is not exported`);
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };
  const describe = (type: ts.Type): Map<string, DocumentedProperty> =>
    new Map(
      checker.getPropertiesOfType(type).map((property) => {
        const defaultTag = property.getJsDocTags(checker).find((tag) => tag.name === "default");
        return [
          property.name,
          {
            optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
            comment: ts.displayPartsToString(property.getDocumentationComment(checker)).trim(),
            defaultTag: defaultTag === undefined ? undefined : ts.displayPartsToString(defaultTag.text).trim(),
          },
        ] as const;
      }),
    );
  const webhook = exported("OpenSolarWebhook");
  return {
    args: describe(checker.getDeclaredTypeOfSymbol(exported("OpenSolarWebhookArgs"))),
    outputs: describe(checker.getDeclaredTypeOfSymbol(webhook)),
  };
}

describe("the webhook's field table", () => {
  const docs = rowDocs();
  const seen = typeCheckedProperties();

  it("gives each row JSDoc in the words of its description, @default and @output strings", () => {
    expect([...docs.keys()]).toEqual(FIELD_NAMES);
    for (const name of FIELD_NAMES) {
      const spec = fieldSpec(name);
      const doc = docs.get(name);
      expect({ name, comment: doc?.comment, default: doc?.defaultTag, output: doc?.outputTag }).toEqual({
        name,
        comment: spec.description,
        default: spec.documentedDefault,
        output: spec.outputDescription,
      });
    }
  });

  it("makes OpenSolarWebhookArgs: one input per row, required where the row says, documented by the row", () => {
    expect([...seen.args.keys()].sort()).toEqual([...FIELD_NAMES].sort());
    for (const name of FIELD_NAMES) {
      const spec = fieldSpec(name);
      expect({ name, ...seen.args.get(name) }).toEqual({
        name,
        optional: spec.required === undefined,
        comment: spec.description,
        defaultTag: spec.documentedDefault,
      });
    }
  });

  it("puts one output per row (all but create-only ones) on OpenSolarWebhook, documented by the row", () => {
    for (const name of FIELD_NAMES) {
      const spec = fieldSpec(name);
      const output = seen.outputs.get(name);
      if (spec.change === "createOnly") {
        expect({ name, output }).toEqual({ name, output: undefined });
        continue;
      }
      expect({ name, optional: output?.optional, comment: output?.comment }).toEqual({ name, optional: false, comment: spec.description });
    }
  });

  it("drives check: every row with a fallback is filled in, with that value", () => {
    const outcome = checkInputs({ endpoint: "https://hooks.example.com/x" }, 7);
    if (!outcome.ok) throw new Error("a minimal declaration must pass check");
    for (const name of FIELD_NAMES) {
      const fallback = fieldSpec(name).fallback;
      if (fallback !== undefined) expect({ name, value: outcome.inputs[name] }).toEqual({ name, value: fallback });
    }
  });

  it("drives the wire format: each wire row is read from its DRF name, and errors map that name back", () => {
    const wireRows = FIELD_NAMES.filter((name) => fieldSpec(name).wire !== undefined);
    for (const name of wireRows) expect(WEBHOOK_VOCABULARY.propertyOf[fieldSpec(name).wire?.name ?? ""]).toBe(name);
    const parsed = parseApiWebhook({ id: 3, endpoint: "https://a.example/x", enabled: false, trigger_fields: ["project.stage"], payload_fields: null });
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.value.triggerFields).toEqual(["project.stage"]);
    expect(parsed.value.payloadFields).toBeNull();
    expect(parsed.value.enabled).toBe(false);
  });

  it("drives diff: a patch row goes into the PATCH under its wire name, a replace row replaces, a setting is never sent", () => {
    const base = { orgId: 1, endpoint: "https://a.example/x", headers: {}, enabled: true, debug: false, triggerFields: ["a.b"], payloadFields: ["a.b"], allowInsecureEndpoint: false, onDelete: "delete" };
    for (const name of FIELD_NAMES) {
      const spec = fieldSpec(name);
      if (spec.change === "createOnly") continue;
      const changedValue = spec.type === "boolean" ? !(base as Record<string, unknown>)[name] : spec.type === "integer" ? 2 : spec.type === "stringList" ? ["c.d"] : spec.type === "stringMap" ? { A: "b" } : name === "onDelete" ? "disable" : "https://b.example/y";
      const changes = compareWebhook(base, { ...base, [name]: changedValue });
      expect({ name, changed: changes.changed }).toEqual({ name, changed: [name] });
      expect({ name, replaces: changes.replaces.includes(name) }).toEqual({ name, replaces: spec.change === "replace" });
      const sent = Object.keys(changes.patch);
      expect({ name, sent }).toEqual({ name, sent: spec.change === "patch" ? [spec.wire?.name] : [] });
    }
  });

  it("marks `nullable` exactly the rows whose answer reads null as null (their outputs' type includes null)", () => {
    for (const name of FIELD_NAMES) {
      const spec = fieldSpec(name);
      const parsed = spec.wire?.answer.safeParse(null);
      expect({ name, nullable: spec.nullable === true }).toEqual({ name, nullable: parsed?.success === true && parsed.data === null });
    }
  });

  it("marks headers, and only headers, secret", () => {
    expect(FIELD_NAMES.filter((name) => fieldSpec(name).secret)).toEqual(["headers"]);
    expect(Object.keys(WEBHOOK_FIELDS)).toContain("headers");
  });
});

describe("the webhook secret's field table", () => {
  it("describes each input in the class's own words", () => {
    const documented = documentedProperties("provider/dynamic/webhook-secret.ts", "WebhookSecretArgs");
    expect([...documented.keys()].sort()).toEqual(Object.keys(SECRET_INPUT_FIELDS).sort());
    for (const [name, spec] of Object.entries(SECRET_INPUT_FIELDS)) {
      expect({ name, comment: documented.get(name)?.comment, default: documented.get(name)?.defaultTag }).toEqual({
        name,
        comment: spec.description,
        default: spec.documentedDefault,
      });
    }
  });
});

// The types the table maps to, held by the compiler: `npm run typecheck` fails when one changes.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type AllTrue<Checks extends true[]> = Checks;
export type MappedTypesHold = AllTrue<[
  Same<OpenSolarWebhookArgs["endpoint"], pulumi.Input<string>>,
  Same<OpenSolarWebhookArgs["orgId"], pulumi.Input<number> | undefined>,
  Same<OpenSolarWebhookArgs["headers"], pulumi.Input<Record<string, pulumi.Input<string>>> | undefined>,
  Same<OpenSolarWebhookArgs["triggerFields"], pulumi.Input<pulumi.Input<string>[]> | undefined>,
  Same<OpenSolarWebhookArgs["onDelete"], pulumi.Input<"delete" | "disable"> | undefined>,
  Same<OpenSolarWebhook["headers"], pulumi.Output<Record<string, string>>>,
  Same<OpenSolarWebhook["triggerFields"], pulumi.Output<string[] | null>>,
  Same<OpenSolarWebhook["enabled"], pulumi.Output<boolean>>,
  Same<OpenSolarWebhook["onDelete"], pulumi.Output<"delete" | "disable">>,
]>;
