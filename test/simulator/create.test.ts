import { call, create, MINIMAL_WEBHOOK, useSimulator } from "./helpers";

describe("POST /api/orgs/:org_id/webhooks/", () => {
  const sim = useSimulator();
  const LIST = "/api/orgs/1/webhooks/";

  it("creates a webhook and answers 201 with the stored object", async () => {
    const before = Date.now();
    const answer = await call(sim(), "POST", LIST, {
      body: {
        endpoint: "https://receiver.test/hook",
        headers: '{"Authorization": "Token abc"}',
        enabled: true,
        debug: false,
        trigger_fields: ["contact.*"],
        payload_fields: ["contact.first_name"],
      },
    });
    expect(answer.status).toBe(201);
    const id: number = answer.body.id;
    expect(answer.body).toEqual({
      id,
      url: `${sim().url}/api/orgs/1/webhooks/${id}/`,
      org: `${sim().url}/api/orgs/1/`,
      endpoint: "https://receiver.test/hook",
      headers: '{"Authorization": "Token abc"}',
      enabled: true,
      debug: false,
      trigger_fields: ["contact.*"],
      payload_fields: ["contact.first_name"],
      created_date: expect.any(String),
      modified_date: expect.any(String),
    });
    expect(Date.parse(answer.body.created_date)).toBeGreaterThanOrEqual(before - 1);
    expect(answer.body.modified_date).toBe(answer.body.created_date);
    expect(sim().getWebhook(1, id)).toEqual(answer.body);
  });

  it("gives increasing ids that are unique across orgs", async () => {
    sim().setToken("sim-token", [1, 2]);
    const first = await create(sim(), 1);
    const second = await create(sim(), 2);
    const third = await create(sim(), 1);
    expect(second.id).toBeGreaterThan(first.id);
    expect(third.id).toBeGreaterThan(second.id);
  });

  it("stores absent headers as an empty string and ignores unknown and read-only fields", async () => {
    const created = await create(sim(), 1, { id: 5, url: "x", colour: "blue", created_date: "2000-01-01T00:00:00Z" });
    expect(created.headers).toBe("");
    expect(created.id).not.toBe(5);
    expect(created).not.toHaveProperty("colour");
    expect(created.created_date).not.toBe("2000-01-01T00:00:00Z");
  });

  it("answers 400 naming every missing required field", async () => {
    const answer = await call(sim(), "POST", LIST, { body: {} });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      endpoint: ["This field is required."],
      enabled: ["This field is required."],
      debug: ["This field is required."],
    });
    expect(sim().webhooks(1)).toEqual([]);
  });

  it("answers 400 when there is no body at all", async () => {
    const answer = await call(sim(), "POST", LIST);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body).sort()).toEqual(["debug", "enabled", "endpoint"]);
  });

  it.each([
    [{ enabled: "true" }, { enabled: ["Must be a valid boolean."] }],
    [{ debug: 0 }, { debug: ["Must be a valid boolean."] }],
    [{ enabled: null }, { enabled: ["This field may not be null."] }],
    [{ endpoint: "" }, { endpoint: ["This field may not be blank."] }],
    [{ endpoint: 42 }, { endpoint: ["Not a valid string."] }],
    [{ trigger_fields: "contact.*" }, { trigger_fields: ['Expected a list of items but got type "str".'] }],
    [{ payload_fields: [1] }, { payload_fields: ["Not a valid string."] }],
  ])("answers 400 for invalid field %j", async (fields, errors) => {
    const answer = await call(sim(), "POST", LIST, { body: { ...MINIMAL_WEBHOOK, ...fields } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errors);
  });

  it.each([
    ["an object", { Authorization: "Token abc" }],
    ["text that is not JSON", "Authorization: Token abc"],
    ["a JSON array", '["Authorization"]'],
    ["a number", 5],
  ])("answers 400 when headers is %s", async (_case, headers) => {
    const answer = await call(sim(), "POST", LIST, { body: { ...MINIMAL_WEBHOOK, headers } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ headers: ["Value must be valid JSON."] });
  });

  it.each(["", "{}", '{"X-Secret": "s3cret"}'])("accepts headers %j", async (headers) => {
    expect((await create(sim(), 1, { headers })).headers).toBe(headers);
  });

  it("answers 400 non_field_errors when the body is not an object", async () => {
    const answer = await call(sim(), "POST", LIST, { body: [MINIMAL_WEBHOOK] });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
  });
});
