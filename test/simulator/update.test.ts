import { call, create, useSimulator } from "./helpers";

describe("PATCH /api/orgs/:org_id/webhooks/:id/", () => {
  const sim = useSimulator();
  const detail = (id: number, org = 1) => `/api/orgs/${org}/webhooks/${id}/`;

  it("changes only the fields sent and bumps modified_date", async () => {
    const created = await create(sim(), 1, { trigger_fields: ["contact.*"], headers: '{"A": "1"}' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = await call(sim(), "PATCH", detail(created.id), { body: { enabled: false } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ...created, enabled: false, modified_date: expect.any(String) });
    expect(Date.parse(answer.body.modified_date)).toBeGreaterThan(Date.parse(created.modified_date));
    expect(sim().getWebhook(1, created.id)).toEqual(answer.body);
  });

  it.each([
    ["a blank list", []],
    ["null", null],
  ])("stores %s as null (the documented foot-gun)", async (_case, blank) => {
    const created = await create(sim(), 1, { trigger_fields: ["contact.*"], payload_fields: ["event.*"] });
    const answer = await call(sim(), "PATCH", detail(created.id), {
      body: { trigger_fields: blank, payload_fields: blank },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.trigger_fields).toBeNull();
    expect(answer.body.payload_fields).toBeNull();
    expect(sim().getWebhook(1, created.id)?.trigger_fields).toBeNull();
  });

  it("replaces lists and headers", async () => {
    const created = await create(sim(), 1);
    const answer = await call(sim(), "PATCH", detail(created.id), {
      body: { trigger_fields: ["project.stage"], headers: '{"B": "2"}', endpoint: "https://elsewhere.test/" },
    });
    expect(answer.body).toMatchObject({
      trigger_fields: ["project.stage"],
      headers: '{"B": "2"}',
      endpoint: "https://elsewhere.test/",
    });
  });

  it("validates the fields it is given and changes nothing on 400", async () => {
    const created = await create(sim(), 1);
    const answer = await call(sim(), "PATCH", detail(created.id), {
      body: { enabled: "no", headers: { A: "1" }, endpoint: "" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      enabled: ["Must be a valid boolean."],
      headers: ["Value must be valid JSON."],
      endpoint: ["This field may not be blank."],
    });
    expect(sim().getWebhook(1, created.id)).toEqual(created);
  });

  it("accepts an empty patch", async () => {
    const created = await create(sim(), 1);
    const answer = await call(sim(), "PATCH", detail(created.id), { body: {} });
    expect(answer.status).toBe(200);
    expect(answer.body.endpoint).toBe(created.endpoint);
  });

  it("answers 404 for a missing webhook before looking at the body", async () => {
    const answer = await call(sim(), "PATCH", detail(999_999), { body: { enabled: "no" } });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ detail: "Not found." });
  });

  it("answers 404 for a webhook of another org the token may access", async () => {
    sim().setToken("sim-token", [1, 2]);
    const created = await create(sim(), 2);
    const answer = await call(sim(), "PATCH", detail(created.id, 1), { body: { enabled: false } });
    expect(answer.status).toBe(404);
    expect(sim().getWebhook(2, created.id)?.enabled).toBe(true);
  });
});
