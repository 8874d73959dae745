import type { Simulator } from "../../simulator";
import { parseCliArgs } from "../../simulator/cli-args";
import { startReceiver, type RecordingReceiver } from "./deliveries-receiver";
import { control, useSimulator } from "./helpers";


describe("deliveries: control routes", () => {
  const sim = useSimulator({ deliveries: { retryBaseMs: 60_000 } });
  let receiver: RecordingReceiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("makes a change with POST /__simulator/orgs/:org/changes and answers it with its deliveries", async () => {
    const webhook = sim().seedWebhook(3, { endpoint: receiver.url, trigger_fields: ["project.stage"], payload_fields: ["project.stage"] });
    const created = await control(sim(), "POST", "/orgs/3/changes", {
      model: "project",
      event: "CREATE",
      identifier: "crm-1",
      fields: { stage: 1, notes: "n" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      change: {
        orgId: 3,
        model: "project",
        event: "CREATE",
        model_id: expect.any(Number),
        event_id: expect.any(Number),
        identifier: "crm-1",
        timestamp: expect.stringMatching(/^\d+$/),
        fields: { stage: 1, notes: "n", id: expect.any(Number) },
        changed_fields: [],
      },
      deliveries: [expect.objectContaining({ webhook: webhook.url, successful: true, notes: "HTTP 200" })],
    });
    expect(receiver.received[0]?.body).toMatchObject({ model: "Project", identifier: "crm-1", fields: { stage: 1 } });

    const updated = await control(sim(), "POST", "/orgs/3/changes", { model: "project", event: "UPDATE", identifier: "crm-1", fields: { notes: "m" } });
    expect(updated.status).toBe(201);
    expect(updated.body.change.changed_fields).toEqual(["notes"]);
    expect(updated.body.deliveries).toEqual([]);
  });

  it("answers 400, 404 and 409 for changes it cannot make", async () => {
    const post = (body: unknown) => control(sim(), "POST", "/orgs/1/changes", body);
    expect((await post({ model: "site", event: "CREATE" })).body).toEqual({
      detail: "pulumi-opensolar simulator: invalid change: model must be one of project, contact, event.",
    });
    expect((await post({ model: "project", event: "create" })).status).toBe(400);
    expect((await post({ model: "project", event: "UPDATE", fields: {} })).status).toBe(400);
    expect((await post({ model: "project", event: "CREATE", fields: [] })).status).toBe(400);
    expect((await post({ model: "project", event: "DELETE", id: 1, fields: {} })).status).toBe(400);
    expect((await post({ model: "project", event: "CREATE", colour: "red" })).status).toBe(400);
    expect((await post([])).status).toBe(400);
    expect((await post({ model: "project", event: "UPDATE", id: 999 })).status).toBe(404);
    expect((await post({ model: "project", event: "CREATE", id: 50 })).status).toBe(201);
    expect((await post({ model: "project", event: "CREATE", id: 50 })).status).toBe(409);
    expect((await control(sim(), "POST", "/orgs/x/changes", { model: "project", event: "CREATE" })).status).toBe(404);
  });

  it("retries the queue now with POST /__simulator/deliveries/flush", async () => {
    receiver.status = (_request, index) => (index === 0 ? 500 : 200);
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    await control(sim(), "POST", "/orgs/1/changes", { model: "contact", event: "CREATE", fields: {} });
    expect(sim().deliveries.queue()).toHaveLength(1);
    const flushed = await control(sim(), "POST", "/deliveries/flush");
    expect(flushed.status).toBe(200);
    expect(flushed.body).toEqual([expect.objectContaining({ successful: true })]);
    expect(sim().deliveries.queue()).toEqual([]);
  });

  it("rejects invalid programmatic changes before anything happens", async () => {
    await expect(sim().models.change({ orgId: -1, model: "project", event: "CREATE" })).rejects.toThrow(/orgId/);
    await expect(
      sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: { big: BigInt(1) } }),
    ).rejects.toThrow(/JSON values/);
    expect(sim().models.list(1, "project")).toEqual([]);
  });
});

describe("deliveries: command-line flags", () => {
  it("reads the delivery options, and leaves them out when not given", () => {
    expect(parseCliArgs([]).options.deliveries).toBeUndefined();
    expect(
      parseCliArgs(["--delivery-timeout", "250", "--retry-base", "0", "--max-attempts", "2", "--allow-non-loopback"]).options
        .deliveries,
    ).toEqual({ timeoutMs: 250, retryBaseMs: 0, maxAttempts: 2, allowNonLoopback: true });
    expect(() => parseCliArgs(["--max-attempts", "0"])).toThrow(/--max-attempts/);
  });
});
