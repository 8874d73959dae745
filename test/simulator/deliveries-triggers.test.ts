import type { ModelChangeInput, Simulator } from "../../simulator";
import { startReceiver, type RecordingReceiver } from "./deliveries-receiver";
import { create, useSimulator } from "./helpers";

/** Which webhooks fire for which changes, over real HTTP both ways. */
describe("deliveries: trigger matching", () => {
  const sim = useSimulator({ deliveries: { retryBaseMs: 10 } });
  let receiver: RecordingReceiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  const hook = (trigger_fields: string[] | null, extra: { enabled?: boolean } = {}) =>
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields, payload_fields: ["project.*", "contact.*", "event.*"], ...extra });

  /** Makes the change and answers how many deliveries it caused. */
  async function fired(change: Omit<ModelChangeInput, "orgId">): Promise<number> {
    const before = receiver.received.length;
    const result = await sim().models.change({ orgId: 1, ...change });
    expect(result.deliveries).toHaveLength(receiver.received.length - before);
    return result.deliveries.length;
  }

  async function project(simulator: Simulator, fields: Record<string, unknown>): Promise<number> {
    return (await simulator.models.change({ orgId: 1, model: "project", event: "CREATE", fields })).change.model_id;
  }

  it("fires an exact path only when that field changes", async () => {
    hook(["project.stage"]);
    expect(await fired({ model: "project", event: "CREATE", id: 7, fields: { stage: 1, notes: "a" } })).toBe(1);
    expect(await fired({ model: "project", event: "UPDATE", id: 7, fields: { stage: 2 } })).toBe(1);
    expect(await fired({ model: "project", event: "UPDATE", id: 7, fields: { notes: "b" } })).toBe(0);
    expect(await fired({ model: "project", event: "UPDATE", id: 7, fields: { stage: 2 } })).toBe(0); // unchanged value
    expect(await fired({ model: "project", event: "DELETE", id: 7 })).toBe(1);
  });

  it("fires model.* for any change of that model and no other", async () => {
    hook(["contact.*"]);
    expect(await fired({ model: "contact", event: "CREATE", id: 5, fields: { first_name: "Ada" } })).toBe(1);
    expect(await fired({ model: "contact", event: "UPDATE", id: 5, fields: { phone: "123" } })).toBe(1);
    expect(await fired({ model: "project", event: "CREATE", fields: { stage: 1 } })).toBe(0);
    expect(await fired({ model: "event", event: "CREATE", fields: { title: "Site visit" } })).toBe(0);
  });

  it("fires a nested path for a change inside a list of objects", async () => {
    hook(["project.systems.kw_stc"]);
    const id = await project(sim(), { systems: [{ kw_stc: 5, modules: ["a"] }, { kw_stc: 6, modules: [] }] });
    receiver.received.length = 0;
    expect(await fired({ model: "project", event: "UPDATE", id, fields: { systems: [{ kw_stc: 5, modules: ["a"] }, { kw_stc: 7, modules: [] }] } })).toBe(1);
    expect(await fired({ model: "project", event: "UPDATE", id, fields: { systems: [{ kw_stc: 5, modules: ["b"] }, { kw_stc: 7, modules: [] }] } })).toBe(0);
    // A new system brings a kw_stc with it.
    expect(
      await fired({ model: "project", event: "UPDATE", id, fields: { systems: [{ kw_stc: 5, modules: ["b"] }, { kw_stc: 7, modules: [] }, { kw_stc: 1 }] } }),
    ).toBe(1);
  });

  it("fires a parent path for a change below it", async () => {
    hook(["project.systems"]);
    const id = await project(sim(), { systems: [{ kw_stc: 5 }] });
    expect(await fired({ model: "project", event: "UPDATE", id, fields: { systems: [{ kw_stc: 6 }] } })).toBe(1);
  });

  it("fires a null trigger list on every change of project, contact and event", async () => {
    hook(null);
    expect(await fired({ model: "project", event: "CREATE", id: 1, fields: { site_notes: "x" } })).toBe(1);
    expect(await fired({ model: "project", event: "UPDATE", id: 1, fields: { site_notes: "y" } })).toBe(1);
    expect(await fired({ model: "contact", event: "CREATE", fields: { email: "a@b.test" } })).toBe(1);
    expect(await fired({ model: "event", event: "CREATE", fields: {} })).toBe(1);
    expect(await fired({ model: "project", event: "DELETE", id: 1 })).toBe(1);
  });

  it("never fires a contacts-only webhook for projects", async () => {
    hook(["contact.first_name"]);
    expect(await fired({ model: "project", event: "CREATE", id: 3, fields: { first_name: "not a contact" } })).toBe(0);
    expect(await fired({ model: "project", event: "UPDATE", id: 3, fields: { first_name: "still not" } })).toBe(0);
    expect(await fired({ model: "project", event: "DELETE", id: 3 })).toBe(0);
    expect(await fired({ model: "contact", event: "CREATE", id: 3, fields: { first_name: "Ada" } })).toBe(1);
  });

  it("delivers nothing when only fields outside the triggers change", async () => {
    hook(["project.stage", "project.address"]);
    const id = await project(sim(), { stage: 1, site_notes: "a" });
    receiver.received.length = 0;
    const before = sim().deliveries.log().length;
    expect(await fired({ model: "project", event: "UPDATE", id, fields: { site_notes: "b", lat: 1.5 } })).toBe(0);
    expect(sim().deliveries.log()).toHaveLength(before);
    expect(sim().deliveries.queue()).toEqual([]);
  });

  it("delivers nothing to a disabled webhook, or to another org's", async () => {
    hook(null, { enabled: false });
    sim().seedWebhook(2, { endpoint: receiver.url, trigger_fields: null });
    expect(await fired({ model: "project", event: "CREATE", fields: { stage: 1 } })).toBe(0);
    expect(receiver.received).toEqual([]);
  });

  it("uses the documented default triggers for a webhook created without lists", async () => {
    await create(sim(), 1, { endpoint: receiver.url });
    const id = await project(sim(), { stage: 1, site_notes: "a" });
    expect(receiver.received).toHaveLength(1);
    expect(await fired({ model: "project", event: "UPDATE", id, fields: { stage: 2 } })).toBe(1);
    expect(await fired({ model: "project", event: "UPDATE", id, fields: { site_notes: "b" } })).toBe(0);
  });

  it("sends one POST per fired webhook, all with the same event id", async () => {
    const second = await startReceiver();
    try {
      hook(["project.stage"]);
      sim().seedWebhook(1, { endpoint: second.url, trigger_fields: ["project.*"] });
      const result = await sim().models.change({ orgId: 1, model: "project", event: "CREATE", fields: { stage: 1 } });
      expect(result.deliveries.map((d) => d.successful)).toEqual([true, true]);
      expect(receiver.received[0]?.body.event_id).toBe(result.change.event_id);
      expect(second.received[0]?.body.event_id).toBe(result.change.event_id);
    } finally {
      await second.close();
    }
  });
});
