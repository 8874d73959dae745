import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, onlyWebhook, ORG, sentHeaders } from "../../testkit/test-simulator";
import type { CliStack } from "./harness/cli-session";
import { newTypeScriptProject, TEMPLATE_TSCONFIG } from "./harness/typescript-project";
import { useCliSession } from "./harness/use-cli-session";

// The way users go: a TypeScript project as `pulumi new typescript` makes one, the packed
// package installed by npm, and the real `pulumi` (its Node.js language host running
// index.ts with ts-node), typed command by command. After each command, what OpenSolar (the
// simulator, in this process) holds and what reached it.

const SCENARIO_TIMEOUT_MS = 4 * ENGINE_TIMEOUT_MS;
const ENDPOINT = "https://crm.example.com/hooks/opensolar";
const TRIGGERS = ["project.stage", "project.system_sold", "contact.*"];
const EDITED_TRIGGERS = ["project.stage", "contact.*"];
const PAYLOAD = ["project.id", "project.identifier", "project.stage", "contact.email"];

/** The README's "Declare a webhook" program, with the trigger fields given. */
function readmeProgram(triggerFields: readonly string[]): string {
  return `import * as pulumi from "@pulumi/pulumi";
import { OpenSolarWebhook } from "pulumi-opensolar";

const config = new pulumi.Config();

export const webhook = new OpenSolarWebhook("crm-sync", {
  endpoint: "${ENDPOINT}",
  headers: { "X-OpenSolar-Webhook-Secret": config.requireSecret("webhookSecret") },
  triggerFields: ${JSON.stringify(triggerFields)},
  payloadFields: ${JSON.stringify(PAYLOAD)},
});

export const webhookId = webhook.webhookId;
`;
}

const cli = useCliSession();

/** What the user types first: the stack, the provider's settings, the program's secret. */
async function configure(stack: CliStack, webhookSecret: string): Promise<void> {
  await stack.configureProvider(cli.simulator);
  await stack.pulumi("config", "set", "--secret", "webhookSecret", webhookSecret);
}

test(
  "stack init, config set, preview, up, preview --expect-no-changes, an edit, up, refresh, destroy",
  async () => {
    const { session, simulator } = cli;
    const project = newTypeScriptProject(session.projectDir("crm-webhooks"), { name: "crm-webhooks", indexTs: readmeProgram(TRIGGERS) });
    expect(project.dependencies).toMatchObject({ "@pulumi/pulumi": "~3.249.0", typescript: "~5.9.3", "pulumi-opensolar": expect.stringMatching(/\.tgz$/) });
    const stack = session.stack(project.dir, "dev");
    const webhookSecret = randomBytes(24).toString("hex");
    session.declareSecret(webhookSecret, 'header "X-OpenSolar-Webhook-Secret"');

    try {
      await configure(stack, webhookSecret);
      // Secrets are ciphertext in the stack's file (the leak scan checks that it holds neither value).
      const config = fs.readFileSync(stack.configFile, "utf8");
      expect(config).toMatch(/opensolar:apiToken:\s+secure: \S+/);
      expect(config).toMatch(/webhookSecret:\s+secure: \S+/);
      expect(config).toContain(`opensolar:orgId: "${ORG}"`);
      expect(simulator.requests).toEqual([]);

      // preview: the plan, and OpenSolar is left alone.
      const preview = await stack.pulumi("preview");
      expect(preview).toMatch(/\+ 2 to create/);
      expect(mutations(simulator)).toEqual([]);
      expect(simulator.webhooks(ORG)).toEqual([]);

      // up: one POST; OpenSolar holds the declaration; the outputs say what it holds.
      expect(await stack.pulumi("up", "--yes")).toMatch(/\+ 2 created/);
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
      const created = onlyWebhook(simulator);
      expect(created).toMatchObject({ endpoint: ENDPOINT, enabled: true, trigger_fields: TRIGGERS, payload_fields: PAYLOAD });
      // The declared header, and the provider's marker of the resource that owns the webhook.
      expect(sentHeaders(created)).toEqual({ headers: { "X-OpenSolar-Webhook-Secret": webhookSecret }, markers: [expect.any(String)] });
      const outputs = await stack.outputs();
      expect(outputs["webhookId"]).toBe(created.id);
      expect(outputs["webhook"]).toMatchObject({ webhookId: created.id, orgId: ORG, endpoint: ENDPOINT, triggerFields: TRIGGERS, headers: "[secret]" });

      // preview --expect-no-changes: nothing to do, nothing sent.
      simulator.clearRequests();
      expect(await stack.pulumi("preview", "--expect-no-changes")).toMatch(/2 unchanged/);
      expect(mutations(simulator)).toEqual([]);

      // An edit of index.ts, then up: one PATCH of that field, the same webhook.
      fs.writeFileSync(`${project.dir}/index.ts`, readmeProgram(EDITED_TRIGGERS));
      expect(await stack.pulumi("up", "--yes")).toMatch(/~ 1 updated/);
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${created.id}/`]);
      expect(simulator.requests.find((request) => request.method === "PATCH")?.body).toEqual({ trigger_fields: EDITED_TRIGGERS });
      expect(onlyWebhook(simulator)).toMatchObject({ id: created.id, trigger_fields: EDITED_TRIGGERS, payload_fields: PAYLOAD });
      expect(await stack.outputs()).toMatchObject({ webhookId: created.id, webhook: { triggerFields: EDITED_TRIGGERS } });

      // refresh: an edit made in OpenSolar's UI reaches state; OpenSolar is only read.
      simulator.editWebhook(ORG, created.id, { enabled: false });
      simulator.clearRequests();
      expect(await stack.pulumi("refresh", "--yes")).toMatch(/~ 1 updated/);
      expect(mutations(simulator)).toEqual([]);
      expect(onlyWebhook(simulator)).toMatchObject({ id: created.id, enabled: false });
      // State now holds the edit, so the program (enabled by default) differs from it in that field alone.
      const drift = await stack.pulumi("preview", "--diff");
      expect(drift).toMatch(/~ 1 to update/);
      expect(drift).toMatch(/~ enabled\s*: false => true/);
      expect(mutations(simulator)).toEqual([]);

      // destroy: one DELETE; OpenSolar and the stack are empty.
      simulator.clearRequests();
      expect(await stack.pulumi("destroy", "--yes")).toMatch(/- 2 deleted/);
      expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${created.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([]);
      expect(await stack.outputs()).toEqual({});

      await stack.pulumi("stack", "rm", "--yes", "dev");
      expect(fs.existsSync(stack.configFile)).toBe(false);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);

// Without its own `typescript`, @pulumi/pulumi compiles the program with the TypeScript 3.8.3
// and ts-node 7 it vendors. The package's main entry works there (its types are checked);
// the subpath entries (`/receiver`, `/simulator`) need TypeScript 4.7 or newer with
// `moduleResolution` node16, nodenext or bundler; the template's tsconfig.json (nodenext)
// itself needs a newer TypeScript. Only previews: the compiler is the question.
test(
  "without its own typescript: the main entry compiles with @pulumi/pulumi's TypeScript 3.8.3; the subpath entries and the template's tsconfig.json need a newer one",
  async () => {
    const { session, simulator } = cli;
    const projectDir = session.projectDir("no-typescript");
    const project = newTypeScriptProject(projectDir, { name: "no-typescript", indexTs: readmeProgram(TRIGGERS), typescript: false, tsconfig: false });
    expect(project.dependencies).not.toHaveProperty("typescript");
    expect(fs.existsSync(`${projectDir}/node_modules/typescript`)).toBe(false);
    const stack = session.stack(projectDir, "dev");
    try {
      await configure(stack, randomBytes(24).toString("hex"));

      expect(await stack.pulumi("preview")).toMatch(/\+ 2 to create/);

      // Its types are checked, not lost: a number where a URL belongs is a compile error.
      fs.writeFileSync(`${projectDir}/index.ts`, readmeProgram(TRIGGERS).replace(`"${ENDPOINT}"`, "42"));
      expect(await stack.pulumiFailing("preview")).toMatch(/index\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'Input<string>'/);

      fs.writeFileSync(`${projectDir}/index.ts`, `import { verifySharedSecret } from "pulumi-opensolar/receiver";\nexport const verify = typeof verifySharedSecret;\n`);
      expect(await stack.pulumiFailing("preview")).toMatch(/error TS2307: Cannot find module 'pulumi-opensolar\/receiver'/);

      fs.writeFileSync(`${projectDir}/index.ts`, readmeProgram(TRIGGERS));
      fs.writeFileSync(`${projectDir}/tsconfig.json`, JSON.stringify(TEMPLATE_TSCONFIG, null, 4));
      expect(await stack.pulumiFailing("preview")).toMatch(/error TS6046: Argument for '--module' option must be/);
      expect(mutations(simulator)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);
