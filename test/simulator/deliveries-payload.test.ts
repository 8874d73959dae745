import { DEFAULT_PAYLOAD_FIELDS } from "../../simulator";
import { startReceiver, type RecordingReceiver } from "./deliveries-receiver";
import { create, useSimulator } from "./helpers";

const PROJECT = {
  address: "1 Sun St",
  zip: "2000",
  stage: 3,
  site_notes: "dog in yard",
  internal_margin: 0.31, // in no default list
  contacts_data: [
    { id: 11, email: "ada@example.test", first_name: "Ada", family_name: "L", phone: "1", password_hint: "x" },
    { id: 12, email: "bob@example.test", first_name: "Bob", family_name: "M", phone: "2", password_hint: "y" },
  ],
  systems: [
    { url: "/systems/1/", kw_stc: 6.6, modules: [{ code: "M1" }], private: true },
    { url: "/systems/2/", kw_stc: 8.2, modules: [], private: false },
  ],
  utility_tariff_or_guess: { data: { rate: 0.3 }, code: "T1" },
  utility_tariff_proposed_or_guess: null,
};

describe("deliveries: payload shape, field filtering and headers", () => {
  const sim = useSimulator({ deliveries: { retryBaseMs: 10 } });
  let receiver: RecordingReceiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  const lastBody = () => receiver.received.at(-1)?.body;

  it("POSTs the documented payload for CREATE and UPDATE, and no fields for DELETE", async () => {
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: ["project.*"], payload_fields: ["project.stage"] });
    const before = Math.floor(Date.now() / 1000);
    const created = await sim().models.change({
      orgId: 1,
      model: "project",
      event: "CREATE",
      identifier: "crm-42",
      fields: { stage: 1, address: "x" },
    });
    expect(receiver.received[0]).toMatchObject({ method: "POST", path: "/hook" });
    expect(lastBody()).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      model: "Project",
      model_id: created.change.model_id,
      identifier: "crm-42",
      event: "CREATE",
      event_id: created.change.event_id,
      fields: { stage: 1 },
    });
    expect(Number(lastBody().timestamp)).toBeGreaterThanOrEqual(before);

    const updated = await sim().models.change({ orgId: 1, model: "project", event: "UPDATE", identifier: "crm-42", fields: { stage: 2 } });
    expect(lastBody()).toMatchObject({ event: "UPDATE", event_id: updated.change.event_id, fields: { stage: 2 } });
    expect(updated.change.event_id).toBeGreaterThan(created.change.event_id);
    expect(updated.change.changed_fields).toEqual(["stage"]);

    await sim().models.change({ orgId: 1, model: "project", event: "DELETE", id: created.change.model_id });
    expect(lastBody()).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      model: "Project",
      model_id: created.change.model_id,
      identifier: "crm-42",
      event: "DELETE",
      event_id: expect.any(Number),
    });
    expect(sim().models.get(1, "project", created.change.model_id)).toBeUndefined();
  });

  it("names each model as OpenSolar does", async () => {
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    await sim().models.change({ orgId: 1, model: "contact", event: "CREATE", fields: { first_name: "Ada" } });
    await sim().models.change({ orgId: 1, model: "event", event: "CREATE", fields: { title: "Install" } });
    expect(receiver.received.map((r) => r.body.model)).toEqual(["Contact", "Event"]);
    expect(receiver.received.map((r) => r.body.fields)).toEqual([
      { first_name: "Ada", id: expect.any(Number) },
      { title: "Install", id: expect.any(Number) },
    ]);
  });

  it("sends the documented default payload fields when payload_fields is null", async () => {
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null, payload_fields: null });
    const { change } = await sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: PROJECT });
    expect(DEFAULT_PAYLOAD_FIELDS).toContain("project.contacts_data.email");
    expect(lastBody().fields).toEqual({
      id: change.model_id,
      address: "1 Sun St",
      zip: "2000",
      stage: 3,
      site_notes: "dog in yard",
      contacts_data: [
        { id: 11, email: "ada@example.test", first_name: "Ada", family_name: "L", phone: "1" },
        { id: 12, email: "bob@example.test", first_name: "Bob", family_name: "M", phone: "2" },
      ],
      systems: [
        { url: "/systems/1/", kw_stc: 6.6, modules: [{ code: "M1" }] },
        { url: "/systems/2/", kw_stc: 8.2, modules: [] },
      ],
      utility_tariff_or_guess: { data: { rate: 0.3 } },
      utility_tariff_proposed_or_guess: null,
    });
  });

  it("keeps the shape of nested paths through lists and objects", async () => {
    sim().seedWebhook(1, {
      endpoint: receiver.url,
      trigger_fields: ["project.*"],
      payload_fields: ["project.contacts_data.email", "project.systems.kw_stc", "project.utility_tariff_or_guess.data", "contact.*"],
    });
    await sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: PROJECT });
    expect(lastBody().fields).toEqual({
      contacts_data: [{ email: "ada@example.test" }, { email: "bob@example.test" }],
      systems: [{ kw_stc: 6.6 }, { kw_stc: 8.2 }],
      utility_tariff_or_guess: { data: { rate: 0.3 } },
    });
  });

  it("sends every field for model.*, and the whole merged record on UPDATE", async () => {
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: ["project.stage"], payload_fields: ["project.*"] });
    const { change } = await sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: PROJECT });
    expect(lastBody().fields).toEqual({ ...PROJECT, id: change.model_id });
    await sim().models.change({ orgId: 1, model: "project", event: "UPDATE", id: change.model_id, fields: { stage: 4 } });
    expect(lastBody().fields).toEqual({ ...PROJECT, stage: 4, id: change.model_id });
  });

  it("sends the webhook's configured headers and Content-Type: application/json", async () => {
    await create(sim(), 1, {
      endpoint: receiver.url,
      headers: JSON.stringify({ "X-OpenSolar-Webhook-Secret": "s3cret", Authorization: "Token abc" }),
    });
    await sim().models.change({ orgId: 1, model: "contact", event: "CREATE", fields: { email: "a@b.test" } });
    expect(receiver.received[0]?.headers).toMatchObject({
      "x-opensolar-webhook-secret": "s3cret",
      authorization: "Token abc",
      "content-type": "application/json",
    });
  });

  it("reads endpoint and headers at each attempt, so retries follow a rotated secret", async () => {
    receiver.status = (_request, index) => (index === 0 ? 503 : 200);
    const webhook = sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null, headers: '{"X-Secret": "old"}' });
    await sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: {} });
    sim().editWebhook(1, webhook.id, { headers: '{"X-Secret": "new"}' });
    await sim().deliveries.idle();
    expect(receiver.received.map((r) => r.headers["x-secret"])).toEqual(["old", "new"]);
    expect(receiver.received[0]?.body).toEqual(receiver.received[1]?.body);
  });

  it("keeps records per org, finds them by identifier, and generates identifiers", async () => {
    const one = await sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: { identifier: "P-1" } });
    const two = await sim().models.change({ orgId: 2, model: "project", event: "CREATE", fields: {} });
    expect(one.change.identifier).toBe("P-1");
    expect(two.change.identifier).toBe(`project-${two.change.model_id}`);
    expect(sim().models.list(1, "project").map((r) => r.id)).toEqual([one.change.model_id]);
    await expect(
      sim().models.change({ orgId: 2, model: "project", event: "UPDATE", identifier: "P-1", fields: { stage: 1 } }),
    ).rejects.toMatchObject({ name: "ModelChangeError", status: 404 });
    const renamed = await sim().models.change({
      orgId: 1,
      model: "project",
      event: "UPDATE",
      id: one.change.model_id,
      identifier: "P-2",
      fields: {},
    });
    expect(renamed.change.identifier).toBe("P-2");
    expect(sim().models.get(1, "project", one.change.model_id)).toEqual({
      orgId: 1,
      model: "project",
      id: one.change.model_id,
      identifier: "P-2",
      fields: { identifier: "P-1", id: one.change.model_id },
    });
  });
});
