import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, ORG, sentHeaders } from "../../testkit/test-simulator";
import { newTypeScriptProject } from "../e2e/harness/typescript-project";
import { useCliSession } from "../e2e/harness/use-cli-session";
import { runInstalledCli } from "./run-built-cli";

// The README's "Migrating from OpenSolarWebhook", typed command by command with the real
// `pulumi` and the packed package installed in a TypeScript project: a stack declares two
// dynamic webhooks (one inside a component) and a WebhookSecret; then `pulumi stack
// export`, `npx pulumi-opensolar import-file --from-stack-export`, `pulumi import --file`,
// the printed `pulumi state delete` commands, the program moved to opensolar:index:Webhook,
// preview and up (and, between import and state delete, an `up` of the old program by
// mistake). OpenSolar must see no POST and no DELETE, keep the same two webhooks, and
// the stack must end with the native webhooks under the same names and parents.

const SCENARIO_TIMEOUT_MS = 5 * ENGINE_TIMEOUT_MS;
const CRM = "https://crm.example.com/hooks/opensolar";
const ERP = "https://erp.example.com/in";
const TRIGGERS = ["project.stage", "contact.*"];
const PAYLOAD = ["project.id", "project.stage", "contact.email"];

/** The stack before (dynamic) or after (native) the migration: the same names, parents and inputs. */
function program(kind: "dynamic" | "native"): string {
  const webhookClass =
    kind === "dynamic"
      ? `import { OpenSolarWebhook as Webhook } from "pulumi-opensolar";\nconst keep = {};`
      : // The generated SDK's class in a few lines: the type token, and headers kept secret.
        `class Webhook extends pulumi.CustomResource {
  constructor(name: string, args: Record<string, unknown> & { headers?: pulumi.Input<Record<string, pulumi.Input<string>>> }, opts: pulumi.CustomResourceOptions = {}) {
    super("opensolar:index:Webhook", name, { ...args, headers: args.headers === undefined ? undefined : pulumi.secret(args.headers), webhookId: undefined }, { ...opts, additionalSecretOutputs: ["headers"] });
  }
  declare readonly webhookId: pulumi.Output<number>;
}
// pulumi import protects what it adopts; the program says so too.
const keep = { protect: true };`;
  return `import * as pulumi from "@pulumi/pulumi";
import { WebhookSecret } from "pulumi-opensolar";
${webhookClass}

const config = new pulumi.Config();

class Hooks extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("acme:index:Hooks", name, {}, opts);
    new Webhook("crm-sync", {
      endpoint: "${CRM}",
      headers: { "X-OpenSolar-Webhook-Secret": config.requireSecret("crmSecret") },
      triggerFields: ${JSON.stringify(TRIGGERS)},
      payloadFields: ${JSON.stringify(PAYLOAD)},
    }, { parent: this, ...keep });
    this.registerOutputs({});
  }
}

new Hooks("crm");
const secret = new WebhookSecret("erp-secret");
new Webhook("erp-sync", { endpoint: "${ERP}", headers: secret.headers }, keep);
`;
}

const cli = useCliSession();

test(
  "stack export, import-file, pulumi import, state delete, the program moved: the same webhooks, no POST, no DELETE",
  async () => {
    const { session, simulator } = cli;
    const project = newTypeScriptProject(session.projectDir("migrate"), { name: "migrate", indexTs: program("dynamic") });
    const stack = session.stack(project.dir, "dev");
    const crmSecret = "crm-secret-4be0c1d2a9f3";
    session.declareSecret(crmSecret, 'header "X-OpenSolar-Webhook-Secret" of crm-sync');
    const inProject = (file: string): string => path.join(project.dir, file);
    try {
      await stack.configureProvider(simulator);
      await stack.pulumi("config", "set", "--secret", "crmSecret", crmSecret);
      await stack.pulumi("up", "--yes");
      const before = simulator.webhooks(ORG);
      expect(before.map((webhook) => webhook.endpoint).sort()).toEqual([CRM, ERP]);
      const erpSecret = sentHeaders(before.find((webhook) => webhook.endpoint === ERP)).headers["X-OpenSolar-Webhook-Secret"];
      if (erpSecret === undefined) throw new Error("the ERP webhook has no secret header");
      session.declareSecret(erpSecret, "WebhookSecret erp-secret");

      // 1. The old stack as it is: the input of the command and the way back (`pulumi stack import`).
      await stack.pulumi("stack", "export", "--file", "old.json");
      session.recordFile(inProject("old.json"));

      // 2. The import file and the state deletes, with the command npx runs.
      simulator.clearRequests();
      const made = await runInstalledCli(project.dir, ["import-file", "--from-stack-export", "old.json", "--out", "import.json", "--print-state-delete"]);
      expect(made.stderr).toContain("2 webhooks written to import.json");
      expect(made.stderr).toContain("1 WebhookSecret resource (erp-secret) stay");
      expect(made.exitCode).toBe(0);
      session.recordFile(inProject("import.json"));
      const byEndpoint = new Map(before.map((webhook) => [webhook.endpoint, webhook.id] as const));
      expect(JSON.parse(fs.readFileSync(inProject("import.json"), "utf8"))).toEqual({
        nameTable: { crm: "urn:pulumi:dev::migrate::acme:index:Hooks::crm" },
        // By webhook id: the two were created in parallel, so either may have the lower id.
        resources: [
          { type: "opensolar:index:Webhook", name: "crm-sync", id: `${ORG}/${byEndpoint.get(CRM)}`, parent: "crm" },
          { type: "opensolar:index:Webhook", name: "erp-sync", id: `${ORG}/${byEndpoint.get(ERP)}` },
        ].sort((a, b) => webhookIdOf(a.id) - webhookIdOf(b.id)),
      });
      // In the order the old state lists them, which parallel creates leave open.
      const deletes = made.stdout.trim().split("\n").sort();
      expect(deletes).toEqual([
        "pulumi state delete 'urn:pulumi:dev::migrate::acme:index:Hooks$pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook::crm-sync' --yes",
        "pulumi state delete 'urn:pulumi:dev::migrate::pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook::erp-sync' --yes",
      ]);
      expect(simulator.requests).toEqual([]);

      // 3. The plugin, as a user without a Node.js project gets it, then the import: it only reads.
      const pluginDir = inProject("node_modules/pulumi-opensolar/dist/plugin");
      await stack.pulumi("plugin", "install", "resource", "opensolar", pluginVersion(pluginDir), "--file", pluginDir);
      await stack.pulumi("import", "--file", "import.json", "--yes", "--generate-code=false");
      expect(mutations(simulator)).toEqual([]);

      // Why import comes first: from here on each webhook is in state twice, and `pulumi import`
      // protected the native twins. An `up` of the old program by mistake would delete them,
      // the webhooks with them: protection stops it before any DELETE.
      const mistaken = await stack.pulumiFailing("up", "--yes");
      // The engine stops at its preview: each native webhook "cannot be deleted because it is protected".
      expect(mistaken).toMatch(/opensolar:index:Webhook::erp-sync" cannot be deleted\s+because it is protected/);
      expect(mistaken).toMatch(/opensolar:index:Webhook::crm-sync" cannot be deleted\s+because it is protected/);
      expect(mutations(simulator)).toEqual([]);
      expect(simulator.webhooks(ORG)).toHaveLength(2);

      // 4. The dynamic resources leave the state: a state edit, nothing reaches OpenSolar.
      simulator.clearRequests();
      for (const command of deletes) await stack.pulumi(...shellWords(command).slice(1));
      expect(simulator.requests).toEqual([]);

      // 5. The program declares the native webhook under the same names: nothing to create or delete.
      fs.writeFileSync(inProject("index.ts"), program("native"));
      expect(await stack.pulumi("preview", "--expect-no-changes")).toMatch(/5 unchanged/);
      await stack.pulumi("up", "--yes");
      expect(mutations(simulator)).toEqual([]);
      expect(simulator.webhooks(ORG).map((webhook) => webhook.id).sort()).toEqual(before.map((webhook) => webhook.id).sort());
      expect(sentHeaders(simulator.getWebhook(ORG, byEndpoint.get(CRM) ?? 0)).headers).toEqual({ "X-OpenSolar-Webhook-Secret": crmSecret });
      expect(sentHeaders(simulator.getWebhook(ORG, byEndpoint.get(ERP) ?? 0)).headers).toEqual({ "X-OpenSolar-Webhook-Secret": erpSecret });
      simulator.clearRequests();
      expect(await stack.pulumi("preview", "--expect-no-changes")).toMatch(/unchanged/);
      expect(mutations(simulator)).toEqual([]);

      // The stack now: native webhooks under the old names and parent, the secret as it was.
      await stack.pulumi("stack", "export", "--file", "new.json");
      session.recordFile(inProject("new.json"));
      const resources = (JSON.parse(fs.readFileSync(inProject("new.json"), "utf8")) as { deployment: { resources: Array<{ urn: string; type: string; id?: string; protect?: boolean }> } })
        .deployment.resources;
      expect(resources.filter((resource) => resource.type.includes("OpenSolarWebhook"))).toEqual([]);
      expect(resources.filter((resource) => resource.type === "opensolar:index:Webhook").map((resource) => [resource.urn, resource.protect])).toEqual(
        expect.arrayContaining([
          ["urn:pulumi:dev::migrate::acme:index:Hooks$opensolar:index:Webhook::crm-sync", true],
          ["urn:pulumi:dev::migrate::opensolar:index:Webhook::erp-sync", true],
        ]),
      );
      expect(resources.some((resource) => resource.type === "pulumi-nodejs:dynamic/opensolar:WebhookSecret")).toBe(true);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);

/** The version the plugin folder names (its package.json, as the bundle writes it). */
function pluginVersion(pluginDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8")) as { version: string }).version;
}


/** Splits a command line as a POSIX shell does, for the quoting the command writes: words and '…' (with '\'' inside). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const match of command.matchAll(/(?:'(?:[^']|'\\'')*'|[^\s'])+/g)) {
    words.push(match[0].replace(/'\\''/g, "\u0000").replace(/'/g, "").replace(/\u0000/g, "'"));
  }
  return words;
}

/** The webhook id of an import id `ORG/WEBHOOK`. */
function webhookIdOf(importId: string): number {
  return Number(importId.split("/")[1]);
}
