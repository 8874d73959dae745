import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startLocalReceiver, type LocalReceiver } from "../../examples/local-receiver/local-receiver";
import { readReceiverConfig } from "../../examples/local-receiver/receiver-config";
import { DEFAULT_SECRET_HEADER } from "../../receiver";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { assertBuildIsCurrent } from "../../testkit/engine/package-fingerprint";
import { REPO_ROOT } from "../../testkit/engine/paths";
import { mutations, onlyWebhook, ORG, sentHeaders } from "../../testkit/test-simulator";
import { newTypeScriptProject } from "./harness/typescript-project";
import { useCliSession } from "./harness/use-cli-session";

// The programs the README and the examples tell users to run, run the way they say: the
// real `pulumi up` in a project folder, the Node.js language host compiling the program.
// The root Pulumi.yaml (examples/quickstart) in this checkout, as its header comment says;
// examples/local-receiver copied into a project as `pulumi new typescript` makes one, as its
// README says, with its receiver running in this process. Afterwards the webhook really
// exists in OpenSolar (the simulator, in this process) and the stack's outputs are set.

const SCENARIO_TIMEOUT_MS = 4 * ENGINE_TIMEOUT_MS;
const LOCAL_RECEIVER_DIR = path.join(REPO_ROOT, "examples", "local-receiver");

const cli = useCliSession();

test(
  "the root Pulumi.yaml (examples/quickstart): pulumi up in the checkout creates the webhook and sets every output",
  async () => {
    const { session, simulator } = cli;
    // What its header says first: npm ci && npm run build.
    assertBuildIsCurrent();
    // A name of its own: a developer's Pulumi.dev.yaml in the checkout stays untouched.
    const stack = session.stack(REPO_ROOT, `cli-e2e-${randomBytes(4).toString("hex")}`);
    const receiverToken = randomBytes(24).toString("hex");
    session.declareSecret(receiverToken, "receiverToken");
    const endpoint = "https://receiver.example.com/opensolar";
    try {
      await stack.configureProvider(simulator);
      await stack.pulumi("config", "set", "endpoint", endpoint);
      await stack.pulumi("config", "set", "--secret", "receiverToken", receiverToken);

      expect(await stack.pulumi("up", "--yes")).toMatch(/\+ 2 created/);
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
      const webhook = onlyWebhook(simulator);
      expect(webhook).toMatchObject({
        endpoint,
        enabled: true,
        trigger_fields: ["project.stage", "project.system_sold", "contact.*"],
        payload_fields: ["project.id", "project.identifier", "project.address", "project.stage", "contact.email"],
      });
      expect(sentHeaders(webhook).headers).toEqual({ Authorization: `Bearer ${receiverToken}` });
      expect(await stack.outputs()).toEqual({
        webhookId: webhook.id,
        orgId: ORG,
        endpoint,
        triggerFields: webhook.trigger_fields,
      });

      simulator.clearRequests();
      await stack.pulumi("preview", "--expect-no-changes");
      expect(await stack.pulumi("destroy", "--yes")).toMatch(/- 2 deleted/);
      expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${webhook.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([]);
    } finally {
      await stack.remove();
    }
    expect(fs.existsSync(stack.configFile)).toBe(false);
  },
  SCENARIO_TIMEOUT_MS,
);

test(
  "examples/local-receiver in a new TypeScript project: pulumi up deploys the receiver and its webhook, and OpenSolar's deliveries reach it",
  async () => {
    const { session, simulator } = cli;
    const project = newTypeScriptProject(session.projectDir("local-receiver"), {
      name: "local-receiver",
      indexTs: fs.readFileSync(path.join(LOCAL_RECEIVER_DIR, "index.ts"), "utf8"),
    });
    // The example's other files, beside its index.ts.
    for (const file of fs.readdirSync(LOCAL_RECEIVER_DIR).filter((name) => name.endsWith(".ts") && name !== "index.ts")) {
      fs.copyFileSync(path.join(LOCAL_RECEIVER_DIR, file), path.join(project.dir, file));
    }
    // The receiver's deployment holds its secrets in plain text, by design: outside the session's scanned folders.
    const configFile = path.join(session.tempDir, "receiver", "config.json");
    const receiver: LocalReceiver = await startLocalReceiver({ configFile });
    const stack = session.stack(project.dir, "dev");
    try {
      await stack.configureProvider(simulator);
      await stack.pulumi("config", "set", "receiverUrl", receiver.url);
      await stack.pulumi("config", "set", "receiverConfigFile", configFile);

      expect(await stack.pulumi("up", "--yes")).toMatch(/\+ 4 created/);
      const deployed = readReceiverConfig(configFile);
      if (!deployed) throw new Error(`up deployed no receiver config to ${configFile}`);
      const [secret] = deployed.acceptedSecrets;
      session.declareSecret(secret, "the shared secret of WebhookSecret receiver-secret");
      const webhook = onlyWebhook(simulator);
      expect(webhook).toMatchObject({ endpoint: receiver.url, enabled: true, trigger_fields: ["project.stage"] });
      expect(sentHeaders(webhook).headers).toEqual({ [DEFAULT_SECRET_HEADER]: secret });
      expect(await stack.outputs()).toEqual({
        webhookId: webhook.id,
        endpoint: receiver.url,
        receiverUrl: receiver.url,
        headerName: DEFAULT_SECRET_HEADER,
      });

      // A change in OpenSolar reaches the receiver, which accepts the secret it was deployed with.
      const { deliveries } = await simulator.models.change({ orgId: ORG, model: "project", event: "CREATE", fields: { stage: "lead", address: "1 Sun St" } });
      expect(deliveries).toEqual([expect.objectContaining({ successful: true, notes: "HTTP 200" })]);
      expect(receiver.received).toEqual([expect.objectContaining({ secret: "current", payload: expect.objectContaining({ event: "CREATE" }) })]);
      expect(receiver.refused()).toBe(0);

      expect(await stack.pulumi("destroy", "--yes")).toMatch(/- 4 deleted/);
      expect(simulator.webhooks(ORG)).toEqual([]);
      expect(fs.existsSync(configFile)).toBe(false);
    } finally {
      await stack.remove();
      await receiver.close();
    }
  },
  SCENARIO_TIMEOUT_MS,
);
