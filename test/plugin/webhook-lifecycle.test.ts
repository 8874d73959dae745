import { status } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { DiffResponse, GetSchemaRequest, GetSchemaResponse, PropertyDiff } from "@pulumi/pulumi/proto/provider_pb";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Simulator } from "../../simulator";
import { ORG, OTHER_ORG, onlyWebhook, sentHeaders, startTestSimulator, TOKEN } from "../../testkit/test-simulator";
import { REPO_ROOT } from "../../testkit/engine/paths";
import { fromStruct, SECRET_SIGNATURE, SIGNATURE_KEY } from "../../provider/plugin/properties";
import { PluginProcess, rawProperty, WEBHOOK } from "./plugin-process";

// The built plugin over gRPC, as the engine drives it, against the simulator over real HTTP:
// the whole life of one webhook, and what the plugin says about itself.

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const RECEIVER_SECRET = "receiver-secret-5d1f0a9c";

let simulator: Simulator;
let plugin: PluginProcess;

beforeEach(async () => {
  simulator = await startTestSimulator();
  plugin = await PluginProcess.start();
  await plugin.configure("main", { apiToken: TOKEN, baseUrl: simulator.url, orgId: ORG });
});

afterEach(async () => {
  await plugin.stop();
  // Neither the token nor a header value is ever written by the plugin.
  expect(plugin.stderr).not.toContain(TOKEN);
  expect(plugin.stderr).not.toContain(RECEIVER_SECRET);
  await simulator.close();
});

function isWrappedSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

const DECLARED = {
  endpoint: "https://crm.example.com/hooks/opensolar",
  headers: { Authorization: RECEIVER_SECRET },
  triggerFields: ["project.stage", "contact.*"],
  payloadFields: ["project.id", "project.stage"],
};

test("GetPluginInfo answers the package version; GetSchema the schema with both types, secrets marked", async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  const info = await plugin.call<Empty, PluginInfo>(plugin.client.getPluginInfo, new Empty());
  expect(info.getVersion()).toBe(manifest.version);

  const schema = JSON.parse((await plugin.call<GetSchemaRequest, GetSchemaResponse>(plugin.client.getSchema, new GetSchemaRequest())).getSchema()) as {
    name: string;
    version: string;
    provider: { inputProperties: Record<string, { secret?: boolean }> };
    resources: Record<string, { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean }> }>;
  };
  expect(schema.name).toBe("opensolar");
  expect(schema.version).toBe(manifest.version);
  expect(schema.provider.inputProperties["apiToken"]?.secret).toBe(true);
  const webhook = schema.resources["opensolar:index:Webhook"];
  expect(webhook?.inputProperties["headers"]?.secret).toBe(true);
  expect(webhook?.properties["headers"]?.secret).toBe(true);
  expect(Object.keys(webhook?.inputProperties ?? {})).not.toContain("ownerKey");
  expect(schema.resources["opensolar:index:WebhookSecret"]?.properties["current"]?.secret).toBe(true);
  // The file the build writes is the same schema.
  expect(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "dist", "plugin", "schema.json"), "utf8"))).toEqual(schema);
});

test("Configure accepts secrets and previews", async () => {
  const response = await plugin.configure("main", { apiToken: TOKEN, baseUrl: simulator.url, orgId: ORG });
  expect(response.getAcceptsecrets()).toBe(true);
  expect(response.getSupportspreview()).toBe(true);
});

test("Check adds the owner key from the URN and keeps headers secret; it names a bad property", async () => {
  const first = await plugin.check(WEBHOOK, "crm", DECLARED);
  expect(first.failures).toEqual([]);
  expect(first.inputs["ownerKey"]).toMatch(/^[0-9a-f]{20}$/);
  expect(first.inputs["orgId"]).toBe(ORG);
  expect(isWrappedSecret(rawProperty(first.raw, "headers"))).toBe(true);
  // The same resource gets the same key; another name another key.
  expect((await plugin.check(WEBHOOK, "crm", DECLARED)).inputs["ownerKey"]).toBe(first.inputs["ownerKey"]);
  expect((await plugin.check(WEBHOOK, "billing", DECLARED)).inputs["ownerKey"]).not.toBe(first.inputs["ownerKey"]);

  const bad = await plugin.check(WEBHOOK, "crm", { ...DECLARED, endpoint: "ftp://crm.example.com/" });
  expect(bad.failures.map((failure) => failure.getProperty())).toEqual(["endpoint"]);
  const owned = await plugin.check(WEBHOOK, "crm", { ...DECLARED, ownerKey: "0123456789abcdef0123" });
  expect(owned.failures.map((failure) => failure.getReason()).join(" ")).toMatch(/ownerKey is not an input/);
});

test("preview: Create answers no id and unknown computed outputs, and sends nothing", async () => {
  const { inputs } = await plugin.check(WEBHOOK, "crm", { ...DECLARED, endpoint: UNKNOWN });
  const preview = await plugin.create(WEBHOOK, "crm", inputs, true);
  expect(preview.id).toBe("");
  expect(preview.outs["webhookId"]).toBe(UNKNOWN);
  expect(preview.outs["endpoint"]).toBe(UNKNOWN);
  expect(simulator.webhooks(ORG)).toHaveLength(0);
});

test("create, no-op diff, set-wise lists, detailed update, org replace, update, refresh, delete", async () => {
  const { inputs } = await plugin.check(WEBHOOK, "crm", DECLARED);
  const created = await plugin.create(WEBHOOK, "crm", inputs);
  const stored = onlyWebhook(simulator, ORG);
  expect(created.id).toBe(String(stored.id));
  expect(sentHeaders(stored).headers).toEqual(DECLARED.headers);
  expect(sentHeaders(stored).markers).toHaveLength(1);
  expect(created.outs["ownerKey"]).toBe(inputs["ownerKey"]);
  expect(isWrappedSecret(rawProperty(created.raw, "headers"))).toBe(true);

  const same = await plugin.diff(WEBHOOK, "crm", created.id, created.outs, inputs);
  expect(same.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);
  expect(same.getDetaileddiffMap().getLength()).toBe(0);

  // Lists compare as sets: the same paths in another order are no change.
  const reordered = (await plugin.check(WEBHOOK, "crm", { ...DECLARED, payloadFields: ["project.stage", "project.id"] })).inputs;
  expect((await plugin.diff(WEBHOOK, "crm", created.id, created.outs, reordered)).getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);

  const edited = (await plugin.check(WEBHOOK, "crm", { ...DECLARED, payloadFields: ["project.id"], enabled: false })).inputs;
  const update = await plugin.diff(WEBHOOK, "crm", created.id, created.outs, edited);
  expect(update.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_SOME);
  expect(update.getReplacesList()).toEqual([]);
  expect(update.getDeletebeforereplace()).toBe(false);
  expect(update.getHasdetaileddiff()).toBe(true);
  const detailed = update.getDetaileddiffMap();
  const kinds = Object.fromEntries(update.getDiffsList().map((name) => [name, detailed.get(name)?.getKind()]));
  expect(kinds).toEqual({ enabled: PropertyDiff.Kind.UPDATE, payloadFields: PropertyDiff.Kind.UPDATE });

  const moved = (await plugin.check(WEBHOOK, "crm", { ...DECLARED, orgId: OTHER_ORG })).inputs;
  const replace = await plugin.diff(WEBHOOK, "crm", created.id, created.outs, moved);
  expect(replace.getReplacesList()).toEqual(["orgId"]);
  expect(replace.getDetaileddiffMap().get("orgId")?.getKind()).toBe(PropertyDiff.Kind.UPDATE_REPLACE);

  const updated = await plugin.update(WEBHOOK, "crm", created.id, created.outs, edited);
  expect(simulator.getWebhook(ORG, stored.id)).toMatchObject({ enabled: false, payload_fields: ["project.id"] });
  expect(isWrappedSecret(rawProperty(updated.raw, "headers"))).toBe(true);

  // Refresh sees drift made outside Pulumi, and answers inputs without the provider's own key.
  simulator.editWebhook(ORG, stored.id, { enabled: true });
  const refreshed = await plugin.read(WEBHOOK, "crm", created.id, updated.outs);
  expect(refreshed.getId()).toBe(created.id);
  expect(refreshed.getProperties()?.toJavaScript()).toMatchObject({ enabled: true });
  const refreshedInputs = fromStruct(refreshed.getInputs());
  expect(Object.keys(refreshedInputs)).not.toContain("ownerKey");
  // The ownership marker is OpenSolar's copy only: never a declared header.
  expect(refreshedInputs["headers"]).toEqual(DECLARED.headers);
  expect(isWrappedSecret(rawProperty(refreshed.getProperties(), "headers"))).toBe(true);
  expect(isWrappedSecret(rawProperty(refreshed.getInputs(), "headers"))).toBe(true);

  await plugin.delete(WEBHOOK, "crm", created.id, updated.outs);
  expect(simulator.webhooks(ORG)).toHaveLength(0);
  // Gone: refresh answers an empty read, and the engine drops the resource.
  const gone = await plugin.read(WEBHOOK, "crm", created.id, updated.outs);
  expect(gone.getId()).toBe("");
  expect(gone.getProperties()).toBeUndefined();
});

test("SIGTERM ends the plugin cleanly", async () => {
  await expect(plugin.stop()).resolves.toBe(0);
});

test("Cancel: the plugin stops taking calls and exits once the calls in flight are done", async () => {
  await plugin.cancel();
  await expect(plugin.exited).resolves.toBe(0);
  const refused = await plugin.failing<Empty, PluginInfo>(plugin.client.getPluginInfo, new Empty());
  expect(refused.code).toBe(status.UNAVAILABLE);
});
