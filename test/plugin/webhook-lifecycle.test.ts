import { status } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { CheckRequest, DiffResponse, GetSchemaRequest, GetSchemaResponse, PropertyDiff } from "@pulumi/pulumi/proto/provider_pb";
import * as fs from "node:fs";
import * as path from "node:path";
import { ORG, OTHER_ORG, onlyWebhook, sentHeaders, TOKEN } from "../../testkit/test-simulator";
import { REPO_ROOT } from "../../testkit/engine/paths";
import { fromStruct, SECRET_SIGNATURE, SIGNATURE_KEY } from "../../provider/plugin/properties";
import { rawProperty, WEBHOOK } from "./plugin-process";
import { useConfiguredPlugin } from "./use-configured-plugin";
import { eventually } from "../receiver/servers";

// The built plugin over gRPC, as the engine drives it, against the simulator over real HTTP:
// the whole life of one webhook, and what the plugin says about itself.

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const RECEIVER_SECRET = "receiver-secret-5d1f0a9c";

const env = useConfiguredPlugin([RECEIVER_SECRET]);

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
  const info = await env.plugin.call<Empty, PluginInfo>(env.plugin.client.getPluginInfo, new Empty());
  expect(info.getVersion()).toBe(manifest.version);

  const schema = JSON.parse((await env.plugin.call<GetSchemaRequest, GetSchemaResponse>(env.plugin.client.getSchema, new GetSchemaRequest())).getSchema()) as {
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
  const response = await env.plugin.configure("main", { apiToken: TOKEN, baseUrl: env.simulator.url, orgId: ORG });
  expect(response.getAcceptsecrets()).toBe(true);
  expect(response.getSupportspreview()).toBe(true);
});

test("Check adds the owner key from the URN and keeps headers secret; it names a bad property", async () => {
  const first = await env.plugin.check(WEBHOOK, "crm", DECLARED);
  expect(first.failures).toEqual([]);
  expect(first.inputs["ownerKey"]).toMatch(/^[0-9a-f]{20}$/);
  expect(first.inputs["orgId"]).toBe(ORG);
  expect(isWrappedSecret(rawProperty(first.raw, "headers"))).toBe(true);
  // The same resource gets the same key; another name another key.
  expect((await env.plugin.check(WEBHOOK, "crm", DECLARED)).inputs["ownerKey"]).toBe(first.inputs["ownerKey"]);
  expect((await env.plugin.check(WEBHOOK, "billing", DECLARED)).inputs["ownerKey"]).not.toBe(first.inputs["ownerKey"]);

  const bad = await env.plugin.check(WEBHOOK, "crm", { ...DECLARED, endpoint: "ftp://crm.example.com/" });
  expect(bad.failures.map((failure) => failure.getProperty())).toEqual(["endpoint"]);
  const owned = await env.plugin.check(WEBHOOK, "crm", { ...DECLARED, ownerKey: "0123456789abcdef0123" });
  expect(owned.failures.map((failure) => failure.getReason()).join(" ")).toMatch(/ownerKey is not an input/);
});

test("preview: Create answers no id and unknown computed outputs, and sends nothing", async () => {
  const { inputs } = await env.plugin.check(WEBHOOK, "crm", { ...DECLARED, endpoint: UNKNOWN });
  const preview = await env.plugin.create(WEBHOOK, "crm", inputs, true);
  expect(preview.id).toBe("");
  expect(preview.outs["webhookId"]).toBe(UNKNOWN);
  expect(preview.outs["endpoint"]).toBe(UNKNOWN);
  expect(env.simulator.webhooks(ORG)).toHaveLength(0);
});

test("create, no-op diff, set-wise lists, detailed update, org replace, update, refresh, delete", async () => {
  const { inputs } = await env.plugin.check(WEBHOOK, "crm", DECLARED);
  const created = await env.plugin.create(WEBHOOK, "crm", inputs);
  const stored = onlyWebhook(env.simulator, ORG);
  expect(created.id).toBe(String(stored.id));
  expect(sentHeaders(stored).headers).toEqual(DECLARED.headers);
  expect(sentHeaders(stored).markers).toHaveLength(1);
  expect(created.outs["ownerKey"]).toBe(inputs["ownerKey"]);
  expect(isWrappedSecret(rawProperty(created.raw, "headers"))).toBe(true);

  const same = await env.plugin.diff(WEBHOOK, "crm", created.id, created.outs, inputs);
  expect(same.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);
  expect(same.getDetaileddiffMap().getLength()).toBe(0);

  // Lists compare as sets: the same paths in another order are no change.
  const reordered = (await env.plugin.check(WEBHOOK, "crm", { ...DECLARED, payloadFields: ["project.stage", "project.id"] })).inputs;
  expect((await env.plugin.diff(WEBHOOK, "crm", created.id, created.outs, reordered)).getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);

  const edited = (await env.plugin.check(WEBHOOK, "crm", { ...DECLARED, payloadFields: ["project.id"], enabled: false })).inputs;
  const update = await env.plugin.diff(WEBHOOK, "crm", created.id, created.outs, edited);
  expect(update.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_SOME);
  expect(update.getReplacesList()).toEqual([]);
  expect(update.getDeletebeforereplace()).toBe(false);
  expect(update.getHasdetaileddiff()).toBe(true);
  const detailed = update.getDetaileddiffMap();
  const kinds = Object.fromEntries(update.getDiffsList().map((name) => [name, detailed.get(name)?.getKind()]));
  expect(kinds).toEqual({ enabled: PropertyDiff.Kind.UPDATE, payloadFields: PropertyDiff.Kind.UPDATE });

  const moved = (await env.plugin.check(WEBHOOK, "crm", { ...DECLARED, orgId: OTHER_ORG })).inputs;
  const replace = await env.plugin.diff(WEBHOOK, "crm", created.id, created.outs, moved);
  expect(replace.getReplacesList()).toEqual(["orgId"]);
  expect(replace.getDetaileddiffMap().get("orgId")?.getKind()).toBe(PropertyDiff.Kind.UPDATE_REPLACE);

  const updated = await env.plugin.update(WEBHOOK, "crm", created.id, created.outs, edited);
  expect(env.simulator.getWebhook(ORG, stored.id)).toMatchObject({ enabled: false, payload_fields: ["project.id"] });
  expect(isWrappedSecret(rawProperty(updated.raw, "headers"))).toBe(true);

  // Refresh sees drift made outside Pulumi, and answers inputs without the provider's own key.
  env.simulator.editWebhook(ORG, stored.id, { enabled: true });
  const refreshed = await env.plugin.read(WEBHOOK, "crm", created.id, updated.outs);
  expect(refreshed.getId()).toBe(created.id);
  expect(refreshed.getProperties()?.toJavaScript()).toMatchObject({ enabled: true });
  const refreshedInputs = fromStruct(refreshed.getInputs());
  expect(Object.keys(refreshedInputs)).not.toContain("ownerKey");
  // The ownership marker is OpenSolar's copy only: never a declared header.
  expect(refreshedInputs["headers"]).toEqual(DECLARED.headers);
  expect(isWrappedSecret(rawProperty(refreshed.getProperties(), "headers"))).toBe(true);
  expect(isWrappedSecret(rawProperty(refreshed.getInputs(), "headers"))).toBe(true);

  await env.plugin.delete(WEBHOOK, "crm", created.id, updated.outs);
  expect(env.simulator.webhooks(ORG)).toHaveLength(0);
  // Gone: refresh answers an empty read, and the engine drops the resource.
  const gone = await env.plugin.read(WEBHOOK, "crm", created.id, updated.outs);
  expect(gone.getId()).toBe("");
  expect(gone.getProperties()).toBeUndefined();
});

test("SIGTERM ends the plugin cleanly", async () => {
  await expect(env.plugin.stop()).resolves.toBe(0);
});

test("Cancel: the plugin stops taking calls and exits once the calls in flight are done", async () => {
  await env.plugin.cancel();
  await expect(env.plugin.exited).resolves.toBe(0);
  const refused = await env.plugin.failing<Empty, PluginInfo>(env.plugin.client.getPluginInfo, new Empty());
  expect(refused.code).toBe(status.UNAVAILABLE);
});

test("Cancel mid-call: a Create in flight still answers its id (no orphan), new calls are refused, then the plugin exits", async () => {
  const { inputs } = await env.plugin.check(WEBHOOK, "crm", DECLARED);
  // OpenSolar takes its time over the POST: Cancel arrives while the webhook is being made.
  env.simulator.addFault({ method: "POST", latencyMs: 1500, times: 1 });
  const creating = env.plugin.create(WEBHOOK, "crm", inputs);
  await eventually(() => env.simulator.requests.some((request) => request.method === "POST"), 10_000);
  await env.plugin.cancel();

  // The server stops taking calls at once (it is shutting down), while the Create goes on.
  const refused = await env.plugin.failing(env.plugin.client.check, new CheckRequest().setUrn(`urn:pulumi:dev::p::${WEBHOOK}::late`).setType(WEBHOOK));
  expect(refused.code).toBe(status.UNAVAILABLE);
  expect(env.simulator.webhooks(ORG)).toHaveLength(0);

  const created = await creating;
  expect(created.id).toBe(String(onlyWebhook(env.simulator, ORG).id));
  await expect(env.plugin.exited).resolves.toBe(0);
});
