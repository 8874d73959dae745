import type { Simulator } from "pulumi-opensolar/simulator";
import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "pulumi-opensolar";
import { webhookProvider as provider } from "pulumi-opensolar/testing";
import { isOwnerHeaderName, withoutMarkers } from "../../provider/webhook/owner-marker";
import { mutations, ORG, OTHER_ORG, TOKEN } from "../../testkit/test-simulator";
import { startProviderSimulator } from "./provider-env";

// Each step of the lifecycle the engine drives, against the simulator over HTTP. Every test
// creates the webhooks it needs, so any one runs alone. One simulator for the file: the
// provider remembers the webhook ids it has seen, and a new simulator would hand out the
// same ids again.

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startProviderSimulator();
});
afterAll(() => simulator.close());

const declared = {
  endpoint: "https://hooks.example.com/opensolar",
  headers: { Authorization: "Token header-secret-7731" },
  triggerFields: ["project.stage", "contact.*"],
  payloadFields: ["project.id", "project.stage", "contact.email"],
};

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const result = await provider.check!(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

/** A webhook the provider created from `declaration`, with the requests that made it cleared. */
async function existingWebhook(declaration: Record<string, unknown> = declared): Promise<{ id: string; outs: Record<string, unknown> }> {
  const { id, outs } = await provider.create(await checked(declaration));
  simulator.clearRequests();
  return { id, outs: outs as Record<string, unknown> };
}

describe("OpenSolarWebhook lifecycle", () => {
  it("create POSTs the declaration once and returns complete outputs", async () => {
    const inputs = await checked(declared);
    simulator.clearRequests();
    const { id, outs } = await provider.create(inputs);

    expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
    const sent = simulator.requests.find((r) => r.method === "POST");
    expect(sent?.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
    expect(sent?.headers["user-agent"]).toMatch(/^pulumi-opensolar\/\d+\.\d+\.\d+/);
    const { headers: sentHeaders, ...sentFields } = sent?.body as Record<string, unknown>;
    // The declared headers and one ownership marker (the provider's proof that it made the webhook).
    expect(withoutMarkers(JSON.parse(String(sentHeaders)) as Record<string, string>)).toEqual(declared.headers);
    expect(Object.keys(JSON.parse(String(sentHeaders)) as object).filter(isOwnerHeaderName)).toHaveLength(1);
    expect(sentFields).toEqual({
      endpoint: declared.endpoint,
      enabled: true,
      debug: false,
      trigger_fields: declared.triggerFields,
      payload_fields: declared.payloadFields,
    });
    const stored = simulator.getWebhook(ORG, Number(id));
    expect(stored?.endpoint).toBe(declared.endpoint);
    expect(outs).toMatchObject({
      webhookId: Number(id),
      url: stored?.url,
      orgId: ORG,
      endpoint: declared.endpoint,
      headers: declared.headers,
      enabled: true,
      debug: false,
      triggerFields: declared.triggerFields,
      payloadFields: declared.payloadFields,
      onDelete: "delete",
      allowInsecureEndpoint: false,
    });
  });

  it("diff finds no change when the live webhook matches, even with lists reordered", async () => {
    const { id, outs } = await existingWebhook();
    const news = await checked({ ...declared, triggerFields: ["contact.*", "project.stage", "contact.*"] }, outs);
    simulator.clearRequests();
    const result = await provider.diff!(id, outs, news);
    expect(result.changes).toBe(false);
    expect(simulator.requests).toEqual([]);
  });

  it("read returns the webhook as stored, with inputs for the engine", async () => {
    const { id, outs } = await existingWebhook();
    const result = await provider.read!(id, outs);
    expect(result.id).toBe(id);
    expect(result.props).toEqual(outs);
    expect(result.inputs).toMatchObject({ endpoint: declared.endpoint, triggerFields: declared.triggerFields });
  });

  it("update PATCHes only the changed fields, with a trailing slash, and returns complete outputs", async () => {
    const { id, outs } = await existingWebhook();
    const news = await checked({ ...declared, triggerFields: ["project.stage"] }, outs);
    const result = await provider.diff!(id, outs, news);
    expect(result).toMatchObject({ changes: true, replaces: [] });
    simulator.clearRequests();
    const updated = await provider.update!(id, outs, news);
    expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${id}/`]);
    expect(simulator.requests[0]?.body).toEqual({ trigger_fields: ["project.stage"] });
    expect(updated.outs).toMatchObject({ ...outs, triggerFields: ["project.stage"] });
  });

  it("going back to defaults sends the default lists, never a blank or null list", async () => {
    const { id, outs } = await existingWebhook();
    const news = await checked({ endpoint: declared.endpoint, headers: declared.headers }, outs);
    simulator.clearRequests();
    await provider.update!(id, outs, news);
    expect(simulator.requests[0]?.body).toEqual({
      trigger_fields: [...DEFAULT_TRIGGER_FIELDS],
      payload_fields: [...DEFAULT_PAYLOAD_FIELDS],
    });
    expect(simulator.getWebhook(ORG, Number(id))?.trigger_fields).toEqual([...DEFAULT_TRIGGER_FIELDS]);
  });

  it("a change of org is a replacement", async () => {
    const { id, outs } = await existingWebhook();
    const news = await checked({ ...declared, orgId: OTHER_ORG }, outs);
    const result = await provider.diff!(id, outs, news);
    expect(result.replaces).toEqual(["orgId"]);
  });

  it("an update that touches only provider settings sends nothing and keeps every output", async () => {
    const { id, outs } = await existingWebhook();
    const news = await checked({ ...declared, onDelete: "disable" }, outs);
    simulator.clearRequests();
    const updated = await provider.update!(id, outs, news);
    expect(simulator.requests).toEqual([]);
    expect(updated.outs).toEqual({ ...outs, onDelete: "disable" });
  });

  it("read records drift made outside Pulumi, including a list blanked to null", async () => {
    const { id, outs } = await existingWebhook();
    simulator.editWebhook(ORG, Number(id), { enabled: false, trigger_fields: null });
    const result = await provider.read!(id, outs);
    expect(result.props).toMatchObject({ enabled: false, triggerFields: null });
    expect(result.inputs).toMatchObject({ enabled: false, triggerFields: null });
    const news = await checked(declared, result.props);
    const diff = await provider.diff!(id, result.props!, news);
    expect(diff.changes).toBe(true);
  });

  it("read reports a webhook deleted outside Pulumi as gone", async () => {
    const { id, outs } = await existingWebhook();
    simulator.removeWebhook(ORG, Number(id));
    const result = await provider.read!(id, outs);
    expect(result.id).toBeUndefined();
  });

  it("delete of a webhook that is already gone succeeds", async () => {
    const { id, outs } = await existingWebhook();
    simulator.removeWebhook(ORG, Number(id));
    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
    expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${id}/`]);
    expect(simulator.getWebhook(ORG, Number(id))).toBeUndefined();
  });
});

describe("deletion choices", () => {
  it("delete removes the webhook", async () => {
    const created = await provider.create(await checked(declared));
    await provider.delete!(created.id, created.outs);
    expect(simulator.getWebhook(ORG, Number(created.id))).toBeUndefined();
  });

  it("onDelete: disable leaves the webhook, disabled", async () => {
    const created = await provider.create(await checked({ ...declared, onDelete: "disable" }));
    await provider.delete!(created.id, created.outs);
    expect(simulator.getWebhook(ORG, Number(created.id))?.enabled).toBe(false);
  });

  it("when OpenSolar refuses DELETE (405) the webhook is disabled instead, with a warning", async () => {
    const created = await provider.create(await checked(declared));
    simulator.setOptions({ allowDelete: false });
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await provider.delete!(created.id, created.outs);
      const printed = stderr.mock.calls.map((call) => String(call[0])).join("");
      expect(printed).toMatch(/does not allow DELETE .* disabled instead/);
    } finally {
      stderr.mockRestore();
      simulator.setOptions({ allowDelete: true });
    }
    expect(simulator.getWebhook(ORG, Number(created.id))?.enabled).toBe(false);
  });
});

describe("adoption", () => {
  it("adoptWebhookId takes an existing webhook under management and makes it match", async () => {
    const existing = simulator.seedWebhook(ORG, { endpoint: declared.endpoint, enabled: false });
    simulator.clearRequests();
    const created = await provider.create(await checked({ ...declared, adoptWebhookId: existing.id }));
    expect(created.id).toBe(String(existing.id));
    expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${existing.id}/`]);
    expect(simulator.getWebhook(ORG, existing.id)).toMatchObject({ enabled: true, trigger_fields: declared.triggerFields });
  });

  it("a missing webhook to adopt is a clear error", async () => {
    await expect(provider.create(await checked({ ...declared, adoptWebhookId: 99999 }))).rejects.toThrow(
      new RegExp(`adoptWebhookId 99999: org ${ORG} has no such webhook`),
    );
  });
});

describe("settings", () => {
  it("stack config given to configure() wins over the environment", async () => {
    const config: Record<string, string> = { "opensolar:orgId": String(OTHER_ORG) };
    await provider.configure!({ config: { get: (key) => config[key], require: (key) => config[key]! } });
    try {
      const inputs = await checked({ endpoint: declared.endpoint });
      expect(inputs["orgId"]).toBe(OTHER_ORG);
    } finally {
      await provider.configure!({ config: { get: () => undefined, require: () => "" } });
    }
  });

  it("the orgId input overrides the default org", async () => {
    expect((await checked({ ...declared, orgId: OTHER_ORG }))["orgId"]).toBe(OTHER_ORG);
  });
});
