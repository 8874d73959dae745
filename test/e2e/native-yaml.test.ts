import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, onlyWebhook, ORG, sentHeaders, TOKEN } from "../../testkit/test-simulator";
import { checkpointResource, expectSecretsEncrypted, plainTextSecrets, stackStateFiles } from "./harness/backend-state-files";
import type { CliStack } from "./harness/cli-session";
import { pulumiJson, stepOf } from "./harness/cli-json";
import { PLUGIN_FOLDER, projectFromExample } from "./harness/example-project";
import { useCliSession } from "./harness/use-cli-session";

// examples/yaml-webhook as a Pulumi YAML user runs it: no Node.js project, the real `pulumi`
// with its YAML language host, the native provider plugin from the packed package in the
// folder Pulumi.yaml names (or installed with `pulumi plugin install --file`). After each
// command: what OpenSolar (the simulator, in this process) holds and heard, and what the
// CLI's --json output says the engine planned and did.

const SCENARIO_TIMEOUT_MS = 4 * ENGINE_TIMEOUT_MS;
const PROJECT = "opensolar-yaml-webhook";
const RESOURCE = "crmSync";
const WEBHOOK_TYPE = "opensolar:index:Webhook";
const SECRET_HEADER = "X-OpenSolar-Webhook-Secret";
const DEFAULT_ENDPOINT = "https://crm.example.com/hooks/opensolar";
const EDITED_ENDPOINT = "https://crm.example.com/hooks/opensolar-v2";
const TRIGGERS = ["project.stage", "project.system_sold", "contact.*"];
const PAYLOAD = ["project.id", "project.identifier", "project.stage", "contact.email"];

const cli = useCliSession();

/** A copy of the example with the packed plugin, a stack configured for this test's OpenSolar and a webhook secret. */
async function newStack(name: string): Promise<{ stack: CliStack; webhookSecret: string }> {
  const dir = projectFromExample("yaml-webhook", cli.session.projectDir(name));
  const stack = cli.session.stack(dir, "dev");
  const webhookSecret = randomBytes(24).toString("hex");
  cli.session.declareSecret(webhookSecret, `header "${SECRET_HEADER}"`);
  await stack.configureProvider(cli.simulator);
  await stack.pulumi("config", "set", "--secret", "webhookSecret", webhookSecret);
  return { stack, webhookSecret };
}

test(
  "up, a no-change preview and up, an update in place, drift found by refresh, destroy; no secret in plain text in any state file",
  async () => {
    const { session, simulator } = cli;
    const { stack, webhookSecret } = await newStack("yaml-webhook");
    const secrets = { "API token": TOKEN, [`header ${SECRET_HEADER}`]: webhookSecret };
    try {
      expect(fs.readFileSync(stack.configFile, "utf8")).toMatch(/webhookSecret:\s+secure: \S+/);

      // preview: the plan, and OpenSolar is left alone.
      const preview = await pulumiJson(stack, "preview");
      expect(preview.changeSummary).toEqual({ create: 2 });
      expect(stepOf(preview, RESOURCE).op).toBe("create");
      expect(mutations(simulator)).toEqual([]);

      // up: one POST; OpenSolar holds the declaration with the secret header; the outputs name it.
      const up = await pulumiJson(stack, "up", "--yes");
      expect(up.resourceChanges).toEqual({ create: 2 });
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
      const created = onlyWebhook(simulator);
      expect(created).toMatchObject({ endpoint: DEFAULT_ENDPOINT, enabled: true, trigger_fields: TRIGGERS, payload_fields: PAYLOAD });
      expect(sentHeaders(created)).toEqual({ headers: { [SECRET_HEADER]: webhookSecret }, markers: [expect.any(String)] });
      expect(await stack.outputs()).toEqual({
        webhookId: created.id,
        webhookUrl: `${simulator.url}/api/orgs/${ORG}/webhooks/${created.id}/`,
        orgId: ORG,
        endpoint: DEFAULT_ENDPOINT,
        triggerFields: TRIGGERS,
      });

      // Nothing to do: preview --expect-no-changes passes, a second up sends nothing.
      simulator.clearRequests();
      expect((await pulumiJson(stack, "preview", "--expect-no-changes")).changeSummary).toEqual({ same: 2 });
      expect((await pulumiJson(stack, "up", "--yes")).resourceChanges).toEqual({ same: 2 });
      expect(mutations(simulator)).toEqual([]);
      expect(onlyWebhook(simulator)).toEqual(created);

      // A config change: one PATCH of that field, the same webhook (an update in place, no replace).
      await stack.pulumi("config", "set", "endpoint", EDITED_ENDPOINT);
      const update = await pulumiJson(stack, "up", "--yes");
      expect(stepOf(update, RESOURCE)).toMatchObject({ op: "update", diffReasons: ["endpoint"], detailedDiff: { endpoint: { kind: "update" } } });
      expect(update.resourceChanges).toEqual({ same: 1, update: 1 });
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${created.id}/`]);
      expect(simulator.requests.find((request) => request.method === "PATCH")?.body).toEqual({ endpoint: EDITED_ENDPOINT });
      expect(onlyWebhook(simulator)).toMatchObject({ id: created.id, endpoint: EDITED_ENDPOINT, trigger_fields: TRIGGERS });
      expect(await stack.outputs()).toMatchObject({ webhookId: created.id, endpoint: EDITED_ENDPOINT });

      // Drift: an edit in OpenSolar's UI. refresh only reads and records it; preview then shows the way back.
      simulator.editWebhook(ORG, created.id, { enabled: false });
      simulator.clearRequests();
      const refresh = await pulumiJson(stack, "refresh", "--yes");
      expect(refresh.resourceChanges).toEqual({ same: 1, update: 1 });
      expect(stepOf(refresh, RESOURCE)).toMatchObject({ op: "update", diffReasons: ["enabled"] });
      expect(mutations(simulator)).toEqual([]);
      expect(checkpointResource(stackStateFiles(session.backendDir, PROJECT, "dev").checkpoint, WEBHOOK_TYPE).outputs).toMatchObject({ enabled: false });
      const back = await pulumiJson(stack, "preview");
      expect(back.changeSummary).toEqual({ same: 1, update: 1 });
      expect(stepOf(back, RESOURCE)).toMatchObject({ op: "update", diffReasons: ["enabled"], detailedDiff: { enabled: { kind: "update" } } });
      expect(mutations(simulator)).toEqual([]);
      expect(onlyWebhook(simulator)).toMatchObject({ enabled: false });

      // State hygiene, with the webhook in state: the backend's files as they lie on disk.
      const files = stackStateFiles(session.backendDir, PROJECT, "dev");
      expect(fs.existsSync(files.backup)).toBe(true);
      // One history checkpoint per update: up, up, up, refresh.
      expect(files.historyCheckpoints).toHaveLength(4);
      expect(files.historyRecords).toHaveLength(4);
      expect(files.backups.length).toBeGreaterThan(0);
      expect(plainTextSecrets(files.all, secrets)).toEqual([]);
      // Not absent but encrypted: the headers (inputs and outputs) and the provider's token are ciphertext.
      expectSecretsEncrypted(files, WEBHOOK_TYPE);

      // destroy: one DELETE; OpenSolar's org and the stack are empty.
      simulator.clearRequests();
      expect((await pulumiJson(stack, "destroy", "--yes")).resourceChanges).toEqual({ delete: 2 });
      expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${created.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([]);
      expect(await stack.outputs()).toEqual({});
      const afterDestroy = stackStateFiles(session.backendDir, PROJECT, "dev");
      expect(afterDestroy.historyCheckpoints).toHaveLength(5);
      expect(plainTextSecrets(afterDestroy.all, secrets)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);

// The README's other way: `pulumi plugin install --file` copies the folder into PULUMI_HOME,
// and the program names no path. The copy must run on its own, away from the package.
test(
  "installed with `pulumi plugin install resource opensolar <version> --file <folder>`, the program without `plugins:` runs up and destroy",
  async () => {
    const { simulator } = cli;
    const { stack } = await newStack("yaml-plugin-install");
    try {
      const folder = path.join(stack.projectDir, PLUGIN_FOLDER);
      const version = (JSON.parse(fs.readFileSync(path.join(folder, "schema.json"), "utf8")) as { version: string }).version;
      await stack.pulumi("plugin", "install", "resource", "opensolar", version, "--file", folder);
      const plugins = JSON.parse(await stack.pulumi("plugin", "ls", "--json")) as Array<{ name: string; kind: string; version: string }>;
      expect(plugins.map(({ name, kind, version: v }) => ({ name, kind, version: v }))).toContainEqual({ name: "opensolar", kind: "resource", version });
      // What the README has the user remove: the path, and with it the folder next to the program.
      const pulumiYaml = path.join(stack.projectDir, "Pulumi.yaml");
      const withoutPath = fs.readFileSync(pulumiYaml, "utf8").replace(/^plugins:\n(?: {2,}.*\n)+/m, "");
      expect(withoutPath).not.toMatch(/^plugins:/m);
      fs.writeFileSync(pulumiYaml, withoutPath);
      fs.rmSync(folder, { recursive: true });

      expect((await pulumiJson(stack, "up", "--yes")).resourceChanges).toEqual({ create: 2 });
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
      const created = onlyWebhook(simulator);
      expect(created.endpoint).toBe(DEFAULT_ENDPOINT);
      expect((await pulumiJson(stack, "destroy", "--yes")).resourceChanges).toEqual({ delete: 2 });
      expect(simulator.webhooks(ORG)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);
