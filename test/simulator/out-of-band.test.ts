import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../../simulator";
import { call, useSimulator } from "./helpers";

describe("out-of-band state access (as if through the OpenSolar UI)", () => {
  const sim = useSimulator();

  it("seeds a webhook that the API then serves, with defaults for what is absent", async () => {
    const seeded = sim().seedWebhook(1, { endpoint: "https://ui.test/" });
    expect(seeded).toMatchObject({
      url: `${sim().url}/api/orgs/1/webhooks/${seeded.id}/`,
      org: `${sim().url}/api/orgs/1/`,
      endpoint: "https://ui.test/",
      headers: "",
      enabled: true,
      debug: false,
      trigger_fields: DEFAULT_TRIGGER_FIELDS,
      payload_fields: DEFAULT_PAYLOAD_FIELDS,
    });
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).body).toEqual([seeded]);
  });

  it("stores seeded and edited values verbatim, including null lists", () => {
    const seeded = sim().seedWebhook(1, { endpoint: "https://ui.test/", trigger_fields: null, enabled: false });
    expect(seeded.trigger_fields).toBeNull();
    expect(seeded.enabled).toBe(false);
    const edited = sim().editWebhook(1, seeded.id, { payload_fields: [], headers: "not json" });
    expect(edited.payload_fields).toEqual([]);
    expect(edited.headers).toBe("not json");
    expect(edited.endpoint).toBe("https://ui.test/");
  });

  it("ignores fields that are not the webhook's to set", () => {
    const seeded = sim().seedWebhook(1, { endpoint: "https://ui.test/" });
    const sneaky = { enabled: false, id: 1, url: "x", org: "y" } as unknown as { enabled: boolean };
    const edited = sim().editWebhook(1, seeded.id, sneaky);
    expect(edited).toEqual({ ...seeded, enabled: false, modified_date: expect.any(String) });
  });

  it("throws when editing a webhook that does not exist", () => {
    expect(() => sim().editWebhook(1, 12345, { enabled: false })).toThrow(/no webhook 12345/);
  });

  it("removes webhooks (a no-op when already gone) and keeps orgs apart", async () => {
    const one = sim().seedWebhook(1, { endpoint: "https://ui.test/1" });
    const two = sim().seedWebhook(2, { endpoint: "https://ui.test/2" });
    expect(sim().getWebhook(1, two.id)).toBeUndefined();
    expect(sim().webhooks(2)).toEqual([two]);
    sim().removeWebhook(1, one.id);
    sim().removeWebhook(1, one.id);
    sim().removeWebhook(1, two.id); // another org's id: nothing happens
    expect(sim().webhooks(1)).toEqual([]);
    expect(sim().webhooks(2)).toEqual([two]);
    expect((await call(sim(), "GET", `/api/orgs/1/webhooks/${one.id}/`)).status).toBe(404);
  });

  it("returns copies that cannot change stored state", () => {
    const seeded = sim().seedWebhook(1, { endpoint: "https://ui.test/", trigger_fields: ["contact.*"] });
    seeded.trigger_fields?.push("event.*");
    sim().webhooks(1)[0]?.trigger_fields?.push("project.*");
    expect(sim().getWebhook(1, seeded.id)?.trigger_fields).toEqual(["contact.*"]);
  });
});
