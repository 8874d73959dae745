import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, onlyWebhook, ORG, sentHeaders, TOKEN } from "../../testkit/test-simulator";
import { expectSecretsEncrypted, plainTextSecrets, stackStateFiles } from "./harness/backend-state-files";
import { pulumiJson } from "./harness/cli-json";
import { packedNodejsSdk, type PackedSdk } from "./harness/generated-nodejs-sdk";
import { sdkTypeScriptProject } from "./harness/sdk-typescript-project";
import { useCliSession } from "./harness/use-cli-session";

// examples/sdk-typescript as a TypeScript user runs it: the Node.js SDK generated from the
// plugin's schema (scripts/gen-sdks.sh), packed and installed by npm as the example's README
// says, the real `pulumi` with its Node.js language host running index.ts, and the native
// provider plugin from the packed package. After each command: what OpenSolar (the
// simulator) holds and heard, what --json says the engine did, and the backend's files.

const SCENARIO_TIMEOUT_MS = 4 * ENGINE_TIMEOUT_MS;
// gen-sdks.sh and npm: minutes on a new machine, nothing once cached.
const SETUP_TIMEOUT_MS = 20 * 60_000;
const PROJECT = "opensolar-sdk-typescript";
const WEBHOOK_TYPE = "opensolar:index:Webhook";
const SECRET_HEADER = "X-OpenSolar-Webhook-Secret";
const ENDPOINT = "https://crm.example.com/hooks/opensolar";
const TRIGGERS = ["project.stage", "project.system_sold", "contact.*"];
const PAYLOAD = ["project.id", "project.identifier", "project.stage", "contact.email"];

const cli = useCliSession();
let sdk: PackedSdk;
beforeAll(() => {
  sdk = packedNodejsSdk();
}, SETUP_TIMEOUT_MS);

test("the generated SDK is the package examples/sdk-typescript imports, at the schema's version (the plugin version it asks the engine for)", () => {
  const imported = /from "([^"]+)"/g;
  const imports = [...fs.readFileSync(path.join(__dirname, "../../examples/sdk-typescript/index.ts"), "utf8").matchAll(imported)].map((match) => match[1]);
  expect(imports).toContain(sdk.name);
  // The engine refuses anything else: "illegal semver returned by language host: opensolar@v${VERSION}".
  expect(sdk.version).toBe(sdk.schemaVersion);
});

test(
  "up, a no-change preview and up, destroy; no secret in plain text in any state file",
  async () => {
    const { session, simulator } = cli;
    const project = sdkTypeScriptProject(session.projectDir("sdk-typescript"), sdk);
    expect(project.dependencies).toMatchObject({ "@pulumi/pulumi": "~3.249.0", [sdk.name]: `file:${path.basename(sdk.tarball)}` });
    const stack = session.stack(project.dir, "dev");
    const webhookSecret = randomBytes(24).toString("hex");
    session.declareSecret(webhookSecret, `header "${SECRET_HEADER}"`);
    const secrets = { "API token": TOKEN, [`header ${SECRET_HEADER}`]: webhookSecret };
    try {
      await stack.configureProvider(simulator);
      await stack.pulumi("config", "set", "--secret", "webhookSecret", webhookSecret);

      // up: one POST; OpenSolar holds the declaration with the secret header; the outputs name it.
      const up = await pulumiJson(stack, "up", "--yes");
      expect(up.changeSummary).toEqual({ create: 2 });
      expect(up.resourceChanges).toEqual({ create: 2 });
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
      const created = onlyWebhook(simulator);
      expect(created).toMatchObject({ endpoint: ENDPOINT, enabled: true, trigger_fields: TRIGGERS, payload_fields: PAYLOAD });
      expect(sentHeaders(created)).toEqual({ headers: { [SECRET_HEADER]: webhookSecret }, markers: [expect.any(String)] });
      expect(await stack.outputs()).toEqual({ webhookId: created.id, webhookUrl: `${simulator.url}/api/orgs/${ORG}/webhooks/${created.id}/`, orgId: ORG });

      // Nothing to do: preview --expect-no-changes passes, a second up sends nothing.
      simulator.clearRequests();
      expect((await pulumiJson(stack, "preview", "--expect-no-changes")).changeSummary).toEqual({ same: 2 });
      expect((await pulumiJson(stack, "up", "--yes")).resourceChanges).toEqual({ same: 2 });
      expect(mutations(simulator)).toEqual([]);
      expect(onlyWebhook(simulator)).toEqual(created);

      // State hygiene: the backend's files on disk; the SDK made the header secret, the token too.
      const files = stackStateFiles(session.backendDir, PROJECT, "dev");
      expect(fs.existsSync(files.backup)).toBe(true);
      expect(files.historyCheckpoints).toHaveLength(2);
      expect(plainTextSecrets(files.all, secrets)).toEqual([]);
      // Not absent but encrypted: the headers (inputs and outputs) and the provider's token are ciphertext.
      expectSecretsEncrypted(files, WEBHOOK_TYPE);

      // destroy: one DELETE; OpenSolar's org and the stack are empty.
      simulator.clearRequests();
      expect((await pulumiJson(stack, "destroy", "--yes")).resourceChanges).toEqual({ delete: 2 });
      expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${created.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([]);
      expect(await stack.outputs()).toEqual({});
      expect(plainTextSecrets(stackStateFiles(session.backendDir, PROJECT, "dev").all, secrets)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);
