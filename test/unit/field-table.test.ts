import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
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
}

/** The properties of an interface in a source file, with their JSDoc, read by the TypeScript compiler. */
function documentedProperties(file: string, interfaceName: string): Map<string, DocumentedProperty> {
  const path = join(__dirname, "../..", file);
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = new Map<string, DocumentedProperty>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== interfaceName) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      const doc = ts.getJSDocCommentsAndTags(member).find(ts.isJSDoc);
      const comment = typeof doc?.comment === "string" ? doc.comment : (doc?.comment ?? []).map((part) => part.text).join("");
      const defaultTag = doc?.tags?.find((tag) => tag.tagName.text === "default");
      const tagText = typeof defaultTag?.comment === "string" ? defaultTag.comment : undefined;
      found.set(member.name.text, { optional: member.questionToken !== undefined, comment: comment.trim(), defaultTag: tagText?.trim() });
    }
  });
  if (found.size === 0) throw new Error(`${interfaceName} not found in ${file}`);
  return found;
}

describe("the webhook's field table", () => {
  const documented = documentedProperties("provider/dynamic/webhook.ts", "OpenSolarWebhookArgs");

  it("has exactly the inputs of OpenSolarWebhookArgs, required where the class requires them", () => {
    expect([...documented.keys()].sort()).toEqual([...FIELD_NAMES].sort());
    for (const name of FIELD_NAMES) expect({ name, optional: documented.get(name)?.optional }).toEqual({ name, optional: fieldSpec(name).required === undefined });
  });

  it("describes each property in the class's own words (JSDoc text and @default)", () => {
    for (const name of FIELD_NAMES) {
      const spec = fieldSpec(name);
      expect({ name, comment: documented.get(name)?.comment, default: documented.get(name)?.defaultTag }).toEqual({
        name,
        comment: spec.description,
        default: spec.documentedDefault,
      });
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
