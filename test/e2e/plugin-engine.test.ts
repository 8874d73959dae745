import * as fs from "node:fs";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../simulator";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { filesUnder } from "../../testkit/engine/files-under";
import { sentHeaders } from "../../testkit/test-simulator";
import { assertBuiltPlugin, PLUGIN_DIR } from "../plugin/plugin-process";
import { CliSession, type CliStack } from "./harness/cli-session";
import { newTypeScriptProject } from "./harness/typescript-project";

// The native `opensolar` plugin under the real engine: installed from dist/plugin with
// `pulumi plugin install --file`, driven by a TypeScript program that declares two explicit
// providers (two tokens, two orgs) and a webhook in each. up, a no-op preview, an update, a
// refused token that names its provider, `pulumi import` of a hand-made webhook (then no
// changes) and of a missing id, destroy; and the backend's files never hold a token or a
// header value in plain text.

const TOKEN_41 = "plugin-e2e-token-41-6a0f3c";
const TOKEN_42 = "plugin-e2e-token-42-d18b7e";
const HEADER_A = "plugin-e2e-header-a-93c1f4";
const HEADER_B = "plugin-e2e-header-b-2e7a05";
const PROJECT = "plugin-engine";

// Two providers, a webhook each; a third ("legacy") once it has been imported.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

class OpenSolarProvider extends pulumi.ProviderResource {
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>) {
    super("opensolar", name, args);
  }
}

class Webhook extends pulumi.CustomResource {
  declare readonly webhookId: pulumi.Output<number>;
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>, opts: pulumi.CustomResourceOptions) {
    super("opensolar:index:Webhook", name, { webhookId: undefined, ...args }, { ...opts, additionalSecretOutputs: ["headers"] });
  }
}

const config = new pulumi.Config();
const baseUrl = config.require("baseUrl");
const org41 = new OpenSolarProvider("org41", { apiToken: config.requireSecret("token41"), baseUrl, orgId: 41 });
const org42 = new OpenSolarProvider("org42", { apiToken: config.requireSecret("token42"), baseUrl, orgId: 42 });

const a = new Webhook("hook-a", {
  endpoint: config.require("endpointA"),
  headers: { Authorization: config.requireSecret("headerA") },
  payloadFields: ["project.id", "project.stage"],
}, { provider: org41 });
const b = new Webhook("hook-b", {
  endpoint: "https://erp.example.com/hooks/opensolar",
  headers: { Authorization: config.requireSecret("headerB") },
}, { provider: org42 });

const legacyEndpoint = config.get("legacyEndpoint");
if (legacyEndpoint !== undefined) new Webhook("legacy", { endpoint: legacyEndpoint, orgId: 41 }, { provider: org41 });

export const hookA = a.webhookId;
export const hookB = b.webhookId;
`;

let session: CliSession;
let simulator: Simulator;

beforeAll(async () => {
  assertBuiltPlugin();
  session = new CliSession();
  for (const [value, label] of [
    [TOKEN_41, "API token of org 41"],
    [TOKEN_42, "API token of org 42"],
  ] as const) {
    session.declareSecret(value, label, "credential");
  }
  session.declareSecret(HEADER_A, "hook-a's header value");
  session.declareSecret(HEADER_B, "hook-b's header value");
  simulator = await startSimulator({ tokens: { [TOKEN_41]: [41], [TOKEN_42]: [42] } });
});

afterAll(async () => {
  await simulator?.close();
  session?.close();
});

function pluginVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8")) as { version: string }).version;
}

function providerUrn(name: string): string {
  return `urn:pulumi:dev::${PROJECT}::pulumi:providers:opensolar::${name}`;
}

/** Every file of the file backend (checkpoint, its .bak, history), as text. */
function backendFiles(): Array<{ file: string; text: string }> {
  return filesUnder(session.backendDir).map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
}

test(
  "two providers, two orgs: up, no-op preview, update, refused token, import, destroy; no secret in the backend's files",
  async () => {
    const project = newTypeScriptProject(session.projectDir(PROJECT), { name: PROJECT, indexTs: PROGRAM });
    const stack: CliStack = session.stack(project.dir, "dev");
    try {
      await stack.pulumi("plugin", "install", "resource", "opensolar", pluginVersion(), "--file", PLUGIN_DIR);
      await stack.pulumi("stack", "init", "dev");
      await stack.pulumi("config", "set", "baseUrl", simulator.url);
      await stack.pulumi("config", "set", "endpointA", "https://crm.example.com/hooks/opensolar");
      await stack.pulumi("config", "set", "--secret", "token41", TOKEN_41);
      await stack.pulumi("config", "set", "--secret", "token42", TOKEN_42);
      await stack.pulumi("config", "set", "--secret", "headerA", HEADER_A);
      await stack.pulumi("config", "set", "--secret", "headerB", HEADER_B);

      await stack.pulumi("up", "--yes", "--skip-preview");
      const [inA, ...moreA] = simulator.webhooks(41);
      const [inB, ...moreB] = simulator.webhooks(42);
      expect(moreA).toEqual([]);
      expect(moreB).toEqual([]);
      expect(sentHeaders(inA).headers).toEqual({ Authorization: HEADER_A });
      expect(sentHeaders(inB).headers).toEqual({ Authorization: HEADER_B });
      expect(await stack.outputs()).toEqual({ hookA: inA?.id, hookB: inB?.id });

      // Nothing changed: the detailed diff says so, lists compared as sets.
      await stack.pulumi("preview", "--expect-no-changes");

      // An update in place: same webhook, new endpoint.
      await stack.pulumi("config", "set", "endpointA", "https://crm.example.com/hooks/v2");
      const updated = await stack.pulumi("up", "--yes", "--skip-preview");
      expect(updated).toMatch(/1 updated/);
      expect(simulator.webhooks(41).map((webhook) => [webhook.id, webhook.endpoint])).toEqual([[inA?.id, "https://crm.example.com/hooks/v2"]]);
      await stack.pulumi("preview", "--expect-no-changes");

      // A refused token says which provider holds it.
      simulator.revokeToken(TOKEN_42);
      const refused = await stack.pulumiFailing("refresh", "--yes", "--skip-preview");
      expect(refused).toMatch(/401/);
      expect(refused).toContain('provider "org42"');
      simulator.setToken(TOKEN_42, [42]);

      // pulumi import of a hand-made webhook by ORG/WEBHOOK, then the program that declares it previews with no changes.
      const legacy = simulator.seedWebhook(41, { endpoint: "https://legacy.example.com/hook" });
      const imported = await stack.pulumi(
        "import", "opensolar:index:Webhook", "legacy", `41/${legacy.id}`, "--provider", `org41=${providerUrn("org41")}`, "--yes", "--generate-code=false",
      );
      expect(imported).toMatch(/1 imported/);
      await stack.pulumi("config", "set", "legacyEndpoint", "https://legacy.example.com/hook");
      await stack.pulumi("preview", "--expect-no-changes");
      expect(simulator.webhooks(41)).toHaveLength(2);

      // A missing id says "not found", with the org it looked in.
      const missing = await stack.pulumiFailing(
        "import", "opensolar:index:Webhook", "ghost", "41/987654", "--provider", `org41=${providerUrn("org41")}`, "--yes", "--generate-code=false",
      );
      expect(missing).toContain("webhook 987654 not found in org 41");
      expect(missing).not.toContain("does not support importing");

      // The backend's files hold the tokens and header values encrypted, never in plain text.
      const files = backendFiles();
      expect(files.some(({ file }) => file.endsWith(`${path.sep}dev.json`))).toBe(true);
      expect(files.some(({ file }) => file.includes(`${path.sep}history${path.sep}`))).toBe(true);
      for (const { file, text } of files) {
        for (const value of [TOKEN_41, TOKEN_42, HEADER_A, HEADER_B]) {
          if (text.includes(value)) throw new Error(`${file} holds a secret in plain text`);
        }
      }
      const checkpoint = files.find(({ file }) => file.endsWith(`${path.sep}dev.json`))?.text ?? "";
      const resources = (JSON.parse(checkpoint) as { checkpoint: { latest: { resources: Array<{ type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> } } })
        .checkpoint.latest.resources;
      const secretOf = (value: unknown): unknown => (value as { ciphertext?: unknown } | undefined)?.ciphertext;
      for (const provider of resources.filter((resource) => resource.type === "pulumi:providers:opensolar")) {
        expect(secretOf(provider.inputs?.["apiToken"])).toEqual(expect.any(String));
      }
      const hooks = resources.filter((resource) => resource.type === "opensolar:index:Webhook");
      expect(hooks).toHaveLength(3);
      for (const hook of hooks.filter((resource) => (resource.outputs?.["webhookId"] as number) !== legacy.id)) {
        expect(secretOf(hook.inputs?.["headers"])).toEqual(expect.any(String));
        expect(secretOf(hook.outputs?.["headers"])).toEqual(expect.any(String));
      }

      // `pulumi import` protects what it adopts.
      await stack.pulumi("state", "unprotect", "--yes", `urn:pulumi:dev::${PROJECT}::opensolar:index:Webhook::legacy`);
      await stack.pulumi("destroy", "--yes", "--skip-preview");
      expect(simulator.webhooks(41)).toEqual([]);
      expect(simulator.webhooks(42)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  8 * ENGINE_TIMEOUT_MS,
);
