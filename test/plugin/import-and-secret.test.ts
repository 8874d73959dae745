import { status } from "@grpc/grpc-js";
import { DiffResponse, ReadRequest, ReadResponse } from "@pulumi/pulumi/proto/provider_pb";
import { ORG, OTHER_ORG, TOKEN } from "../../testkit/test-simulator";
import { fromStruct, SECRET_SIGNATURE, SIGNATURE_KEY } from "../../provider/plugin/properties";
import { rawProperty, WEBHOOK, WEBHOOK_SECRET } from "./plugin-process";
import { useConfiguredPlugin } from "./use-configured-plugin";

// Read as `pulumi import` calls it (the id the user typed, no properties), and the
// WebhookSecret resource, through the built plugin.

const env = useConfiguredPlugin([]);

function isWrappedSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

function importRead(id: string): Promise<ReadResponse> {
  return env.plugin.read(WEBHOOK, "legacy", id);
}

test("import ORG/WEBHOOK: the webhook id as the resource id, inputs that check and diff with no changes", async () => {
  const legacy = env.simulator.seedWebhook(OTHER_ORG, { endpoint: "https://legacy.example.com/hook", headers: JSON.stringify({ "X-Key": "hand-made-value-77" }) });
  const read = await importRead(`${OTHER_ORG}/${legacy.id}`);
  expect(read.getId()).toBe(String(legacy.id));
  const props = fromStruct(read.getProperties());
  const inputs = fromStruct(read.getInputs());
  expect(props).toMatchObject({ orgId: OTHER_ORG, webhookId: legacy.id, endpoint: "https://legacy.example.com/hook", headers: { "X-Key": "hand-made-value-77" } });
  expect(Object.keys(inputs)).not.toContain("ownerKey");
  expect(isWrappedSecret(rawProperty(read.getProperties(), "headers"))).toBe(true);
  expect(isWrappedSecret(rawProperty(read.getInputs(), "headers"))).toBe(true);

  // What the engine does next: Check the read inputs, then Diff the program's against the outputs.
  const checked = await env.plugin.check(WEBHOOK, "legacy", inputs, inputs);
  expect(checked.failures).toEqual([]);
  const declared = await env.plugin.check(WEBHOOK, "legacy", { orgId: OTHER_ORG, endpoint: "https://legacy.example.com/hook", headers: { "X-Key": "hand-made-value-77" } });
  const diff = await env.plugin.diff(WEBHOOK, "legacy", read.getId(), props, declared.inputs);
  expect(diff.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);
  // Reading never writes.
  expect(env.simulator.requests.filter((request) => request.method !== "GET")).toEqual([]);
});

test("import of a bare webhook id looks in the provider's default org", async () => {
  const legacy = env.simulator.seedWebhook(ORG, { endpoint: "https://legacy.example.com/hook" });
  const read = await importRead(String(legacy.id));
  expect(read.getId()).toBe(String(legacy.id));
  expect(fromStruct(read.getProperties())["orgId"]).toBe(ORG);
});

test("import of an id that does not exist is NOT_FOUND, naming the id and the org", async () => {
  env.simulator.seedWebhook(ORG, { endpoint: "https://legacy.example.com/hook" });
  const missing = await env.plugin.failing<ReadRequest, ReadResponse>(env.plugin.client.read, env.plugin.readRequest(WEBHOOK, "ghost", `${ORG}/987654`));
  expect(missing.code).toBe(status.NOT_FOUND);
  expect(missing.details).toContain(`webhook 987654 not found in org ${ORG}`);
  const bare = await env.plugin.failing<ReadRequest, ReadResponse>(env.plugin.client.read, env.plugin.readRequest(WEBHOOK, "ghost", "987654"));
  expect(bare.details).toContain(`not found in org ${ORG}`);
  const malformed = await env.plugin.failing<ReadRequest, ReadResponse>(env.plugin.client.read, env.plugin.readRequest(WEBHOOK, "ghost", "crm/abc"));
  expect(malformed.code).toBe(status.INVALID_ARGUMENT);
  expect(malformed.details).toMatch(/ORG\/WEBHOOK/);
});

test("WebhookSecret: preview, create, rotation, refresh; every secret output wrapped; import refused", async () => {
  const { inputs } = await env.plugin.check(WEBHOOK_SECRET, "secret", { rotation: "2026-01" });
  expect(inputs).toEqual({ rotation: "2026-01", headerName: "X-OpenSolar-Webhook-Secret", retirePrevious: false });
  const preview = await env.plugin.create(WEBHOOK_SECRET, "secret", inputs, true);
  expect(preview.outs["current"]).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");

  const created = await env.plugin.create(WEBHOOK_SECRET, "secret", inputs);
  const current = created.outs["current"] as string;
  expect(current.length).toBeGreaterThanOrEqual(32);
  for (const name of ["current", "headers", "acceptedSecrets"]) expect(isWrappedSecret(rawProperty(created.raw, name))).toBe(true);

  const rotatedInputs = (await env.plugin.check(WEBHOOK_SECRET, "secret", { rotation: "2026-02" })).inputs;
  const diff = await env.plugin.diff(WEBHOOK_SECRET, "secret", created.id, created.outs, rotatedInputs);
  expect(diff.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_SOME);
  expect(diff.getDiffsList()).toEqual(["rotation"]);
  const rotated = await env.plugin.update(WEBHOOK_SECRET, "secret", created.id, created.outs, rotatedInputs);
  expect(rotated.outs["previous"]).toBe(current);
  expect(rotated.outs["acceptedSecrets"]).toEqual([rotated.outs["current"], current]);
  expect(isWrappedSecret(rawProperty(rotated.raw, "previous"))).toBe(true);

  const refreshed = await env.plugin.read(WEBHOOK_SECRET, "secret", created.id, rotated.outs);
  expect(fromStruct(refreshed.getInputs())).toEqual({ rotation: "2026-02", headerName: "X-OpenSolar-Webhook-Secret", retirePrevious: false });
  expect(isWrappedSecret(rawProperty(refreshed.getProperties(), "current"))).toBe(true);

  const imported = await env.plugin.failing<ReadRequest, ReadResponse>(env.plugin.client.read, env.plugin.readRequest(WEBHOOK_SECRET, "secret", created.id));
  expect(imported.details).toMatch(/cannot be imported/);
  // The secrets never reach the plugin's stderr.
  expect(env.plugin.stderr).not.toContain(current);
});
