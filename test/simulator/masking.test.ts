import { call, create, useSimulator } from "./helpers";

describe("maskHeaderValues", () => {
  const sim = useSimulator({ maskHeaderValues: true });
  const HEADERS = '{"Authorization": "Token abc", "X-Other": "2"}';
  const MASKED = '{"Authorization":"********","X-Other":"********"}';

  it("masks header values on every answer and keeps the real ones stored", async () => {
    const created = await create(sim(), 1, { headers: HEADERS });
    expect(created.headers).toBe(MASKED);
    const detail = `/api/orgs/1/webhooks/${created.id}/`;
    expect((await call(sim(), "GET", detail)).body.headers).toBe(MASKED);
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).body[0].headers).toBe(MASKED);
    expect((await call(sim(), "PATCH", detail, { body: { enabled: false } })).body.headers).toBe(MASKED);
    expect(sim().getWebhook(1, created.id)?.headers).toBe(HEADERS);
  });

  it("masks inside pages too", async () => {
    sim().setOptions({ pageSize: 10 });
    await create(sim(), 1, { headers: HEADERS });
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).body.results[0].headers).toBe(MASKED);
  });

  it("leaves blank and empty headers as they are", async () => {
    expect((await create(sim(), 1, { headers: "" })).headers).toBe("");
    expect((await create(sim(), 1, { headers: "{}" })).headers).toBe("{}");
  });

  it("hides unparseable stored headers whole", async () => {
    const seeded = sim().seedWebhook(1, { endpoint: "https://x.test/", headers: "Token abc" });
    expect((await call(sim(), "GET", `/api/orgs/1/webhooks/${seeded.id}/`)).body.headers).toBe("********");
  });

  it("can be switched off while running", async () => {
    await create(sim(), 1, { headers: HEADERS });
    sim().setOptions({ maskHeaderValues: false });
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).body[0].headers).toBe(HEADERS);
  });
});
