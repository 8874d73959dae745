import * as fs from "node:fs";
import * as path from "node:path";
import { newMarker, OWNER_HEADER_PREFIX, OWNER_HEADER_VALUE, ownerKeyOf } from "../../provider/webhook/owner-marker";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, onlyWebhook, ORG, sentHeaders } from "../../testkit/test-simulator";
import type { CliStack } from "./harness/cli-session";
import { pulumiJson, stepOf } from "./harness/cli-json";
import { PLUGIN_FOLDER } from "./harness/example-project";
import { copyPackedPlugin } from "./harness/packed-plugin";
import { useCliSession } from "./harness/use-cli-session";

// `pulumi import opensolar:index:Webhook legacy ORG/ID --out <file>` in a Pulumi YAML
// project with no resources yet, as a user adopts a webhook someone made in OpenSolar's UI:
// the CLI writes the declaration it generates from the plugin's Read, the user pastes it
// under `resources:`, and `pulumi preview --expect-no-changes` must pass with OpenSolar left
// alone. When OpenSolar masks header values, the generated code can only hold a
// placeholder: the user declares the real value from secret config and the next `up`
// writes it with one PATCH of the same webhook.

// js-yaml comes with @pulumi/pulumi; it has no bundled types, so only what is used is described.
const yaml = require("js-yaml") as { load(text: string): unknown; dump(value: unknown): string };

const SCENARIO_TIMEOUT_MS = 4 * ENGINE_TIMEOUT_MS;
const WEBHOOK_TYPE = "opensolar:index:Webhook";
const RESOURCE = "legacy";
const SECRET_HEADER = "X-Legacy-Secret";
/** What the plugin's Read records for a header value OpenSolar masked (provider/webhook/outputs.ts). */
const MASKED_PLACEHOLDER = "(masked by OpenSolar)";

const cli = useCliSession();

interface GeneratedResource {
  type: string;
  properties: Record<string, unknown> & { headers?: Record<string, unknown> };
  options?: Record<string, unknown>;
}

/** A YAML project with the packed plugin and no resources, its stack configured for this test's OpenSolar. */
async function emptyYamlProject(name: string): Promise<CliStack> {
  const dir = cli.session.projectDir(name);
  fs.mkdirSync(dir, { recursive: true });
  copyPackedPlugin(path.join(dir, PLUGIN_FOLDER));
  const program = { name, runtime: "yaml", plugins: { providers: [{ name: "opensolar", path: `./${PLUGIN_FOLDER}` }] } };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(program));
  const stack = cli.session.stack(dir, "dev");
  await stack.configureProvider(cli.simulator);
  return stack;
}

/** `pulumi import` of one webhook by ORG/WEBHOOK, the generated code written to a file; its text and its one resource. */
async function importWebhook(stack: CliStack, webhookId: number): Promise<{ text: string; resource: GeneratedResource }> {
  const out = path.join(stack.projectDir, "generated.yaml");
  const printed = await stack.pulumi("import", WEBHOOK_TYPE, RESOURCE, `${ORG}/${webhookId}`, "--yes", "--out", out);
  expect(printed).toMatch(/1 imported/);
  const text = fs.readFileSync(out, "utf8");
  const generated = yaml.load(text) as { resources?: Record<string, GeneratedResource> };
  expect(Object.keys(generated.resources ?? {})).toEqual([RESOURCE]);
  const resource = generated.resources?.[RESOURCE];
  if (!resource) throw new Error(`e2e: the generated code declares no resource "${RESOURCE}":\n${text}`);
  return { text, resource };
}

/** What a user does with the generated code: adds the resource (and any config it reads) to Pulumi.yaml. */
function paste(stack: CliStack, resource: GeneratedResource, config: Record<string, unknown> = {}): void {
  const file = path.join(stack.projectDir, "Pulumi.yaml");
  const program = yaml.load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const withResource = { ...program, ...(Object.keys(config).length > 0 ? { config } : {}), resources: { [RESOURCE]: resource } };
  fs.writeFileSync(file, yaml.dump(withResource));
}

test(
  "a hand-made webhook, imported with --out: the generated code, pasted into Pulumi.yaml, previews with no changes and nothing is sent",
  async () => {
    const { simulator, session } = cli;
    const headerValue = "legacy-shared-secret-5e1f0c";
    session.declareSecret(headerValue, `header "${SECRET_HEADER}" of the hand-made webhook`);
    // Made in OpenSolar's UI long ago, once by a stack of the dynamic OpenSolarWebhook: it
    // still carries that stack's ownership marker, which is the provider's, not the user's.
    const marker = newMarker(ownerKeyOf(["an", "older", "stack"]));
    const handMade = simulator.seedWebhook(ORG, {
      endpoint: "https://erp.example.com/opensolar/events",
      enabled: false,
      debug: true,
      headers: JSON.stringify({ [SECRET_HEADER]: headerValue, "X-Source": "opensolar", [marker]: OWNER_HEADER_VALUE }),
      trigger_fields: ["project.stage", "contact.*"],
      payload_fields: ["project.id", "contact.email"],
    });
    expect(sentHeaders(handMade).markers).toEqual([marker]);
    const stack = await emptyYamlProject("import-codegen");
    try {
      simulator.clearRequests();
      const { text, resource } = await importWebhook(stack, handMade.id);

      // The declaration of what OpenSolar holds, in the schema's names; the marker is not the user's to declare.
      expect(resource.type).toMatch(/^opensolar:(index:)?Webhook$/);
      expect(resource.properties).toMatchObject({
        orgId: ORG,
        endpoint: handMade.endpoint,
        enabled: false,
        debug: true,
        triggerFields: ["project.stage", "contact.*"],
        payloadFields: ["project.id", "contact.email"],
        headers: { [SECRET_HEADER]: headerValue, "X-Source": "opensolar" },
      });
      expect(Object.keys(resource.properties.headers ?? {}).sort()).toEqual([SECRET_HEADER, "X-Source"].sort());
      expect(text.toLowerCase()).not.toContain(OWNER_HEADER_PREFIX.toLowerCase());
      expect(text).not.toContain(OWNER_HEADER_VALUE);
      expect(resource.options).toMatchObject({ protect: true });

      paste(stack, resource);
      const preview = await pulumiJson(stack, "preview", "--expect-no-changes");
      // The stack and the webhook; without the pasted resource the plan would delete the (protected) import.
      expect(preview.changeSummary).toEqual({ same: 2 });
      // Neither the import nor the preview changed anything: reads only, the webhook as it was, marker and all.
      expect(mutations(simulator)).toEqual([]);
      expect(simulator.requests.length).toBeGreaterThan(0);
      expect(onlyWebhook(simulator)).toEqual(handMade);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);

test(
  "header values OpenSolar masks: the generated code holds the placeholder, the declared secret is written by the next up (one PATCH, same webhook), then no changes",
  async () => {
    const { simulator, session } = cli;
    const realValue = "real-legacy-secret-9b27d4";
    session.declareSecret(realValue, `header "${SECRET_HEADER}" declared from secret config`);
    simulator.setOptions({ maskHeaderValues: true });
    const handMade = simulator.seedWebhook(ORG, {
      endpoint: "https://crm.example.com/hooks/legacy",
      enabled: true,
      debug: false,
      headers: JSON.stringify({ [SECRET_HEADER]: realValue }),
      trigger_fields: ["project.stage"],
      payload_fields: ["project.id"],
    });
    const stack = await emptyYamlProject("import-codegen-masked");
    try {
      simulator.clearRequests();
      const { text, resource } = await importWebhook(stack, handMade.id);
      // OpenSolar answered "********": the code can say only that the value was masked, never a mask as the value.
      expect(resource.properties.headers).toEqual({ [SECRET_HEADER]: MASKED_PLACEHOLDER });
      expect(text).not.toContain("***");
      expect(mutations(simulator)).toEqual([]);

      // The user declares the real value from secret config in place of the placeholder.
      await stack.pulumi("config", "set", "--secret", "legacySecret", realValue);
      paste(
        stack,
        { ...resource, properties: { ...resource.properties, headers: { [SECRET_HEADER]: "${legacySecret}" } } },
        { legacySecret: { type: "string", secret: true } },
      );

      simulator.clearRequests();
      const up = await pulumiJson(stack, "up", "--yes");
      expect(up.resourceChanges).toEqual({ same: 1, update: 1 });
      expect(stepOf(up, RESOURCE)).toMatchObject({ op: "update", diffReasons: ["headers"] });
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${handMade.id}/`]);
      const patch = simulator.requests.find((request) => request.method === "PATCH");
      expect(Object.keys((patch?.body ?? {}) as object)).toEqual(["headers"]);
      const updated = onlyWebhook(simulator);
      expect(updated.id).toBe(handMade.id);
      expect(sentHeaders(updated).headers).toEqual({ [SECRET_HEADER]: realValue });
      // The first write marks the imported webhook as this resource's, as adoption does.
      expect(sentHeaders(updated).markers).toHaveLength(1);

      // The value OpenSolar still masks is the one just written: no drift, nothing to do.
      simulator.clearRequests();
      expect((await pulumiJson(stack, "preview", "--expect-no-changes")).changeSummary).toEqual({ same: 2 });
      expect(mutations(simulator)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);
