import { call, MINIMAL_WEBHOOK, useSimulator } from "./helpers";

describe("request recording", () => {
  const sim = useSimulator();

  it("records method, path, query, headers, body, status and time", async () => {
    const before = Date.now();
    await call(sim(), "POST", "/api/orgs/1/webhooks/?x=1&y=two", {
      body: MINIMAL_WEBHOOK,
      headers: { "x-request-id": "abc" },
    });
    const [entry] = sim().requests;
    expect(entry).toEqual({
      method: "POST",
      path: "/api/orgs/1/webhooks/",
      query: { x: "1", y: "two" },
      headers: expect.objectContaining({
        authorization: "Bearer sim-token",
        "content-type": "application/json",
        "x-request-id": "abc",
      }),
      body: MINIMAL_WEBHOOK,
      status: 201,
      at: expect.any(Number),
    });
    expect(entry?.at).toBeGreaterThanOrEqual(before);
  });

  it("records every API request in order, including failed and unknown ones", async () => {
    await call(sim(), "GET", "/api/orgs/1/webhooks/", { token: null });
    await call(sim(), "GET", "/api/orgs/1/webhooks");
    await call(sim(), "GET", "/missing/");
    await call(sim(), "POST", "/api/orgs/1/webhooks/", { rawBody: "{not json" });
    expect(sim().requests.map((r) => [r.path, r.status])).toEqual([
      ["/api/orgs/1/webhooks/", 401],
      ["/api/orgs/1/webhooks", 301],
      ["/missing/", 404],
      ["/api/orgs/1/webhooks/", 400],
    ]);
    // A body that did not parse is kept as text, so a test can see what was sent.
    expect(sim().requests[3]?.body).toBe("{not json");
    expect(sim().requests[0]?.body).toBeUndefined();
  });

  it("records faulted requests and names the fault", async () => {
    sim().addFault({ status: 500, times: 1 });
    await call(sim(), "GET", "/api/orgs/1/webhooks/");
    expect(sim().requests[0]).toMatchObject({ status: 500, faulted: "status" });
  });

  it("does not record control routes, and clears on request", async () => {
    await fetch(`${sim().url}/__simulator/requests`);
    expect(sim().requests).toEqual([]);
    await call(sim(), "GET", "/api/orgs/1/webhooks/");
    expect(sim().requests).toHaveLength(1);
    sim().clearRequests();
    expect(sim().requests).toEqual([]);
  });

  it("hands out snapshots that callers cannot use to change the log", async () => {
    await call(sim(), "GET", "/api/orgs/1/webhooks/");
    const snapshot = sim().requests as unknown[];
    snapshot.length = 0;
    expect(sim().requests).toHaveLength(1);
  });

  it("masks credentials over HTTP, keeping the scheme, while simulator.requests keeps what was sent", async () => {
    sim().setToken("tok-of-mine", [1]);
    await call(sim(), "GET", "/api/orgs/1/webhooks/", { token: "tok-of-mine" });
    await call(sim(), "GET", "/api/orgs/1/webhooks/", { token: null, headers: { authorization: "tok-bare" } });
    await call(sim(), "GET", "/api/orgs/1/webhooks/", { headers: { "proxy-authorization": "Basic dXNlcjpwdw==" } });
    const response = await fetch(`${sim().url}/__simulator/requests`);
    const text = await response.text();
    expect(text).not.toMatch(/tok-of-mine|tok-bare|dXNlcjpwdw|sim-token/);
    const shown = JSON.parse(text) as Array<{ headers: Record<string, string> }>;
    expect(shown.map((entry) => entry.headers["authorization"])).toEqual(["Bearer ********", "********", "Bearer ********"]);
    expect(shown[2]?.headers["proxy-authorization"]).toBe("Basic ********");
    expect(sim().requests[0]?.headers["authorization"]).toBe("Bearer tok-of-mine");
  });

  it("masks a webhook's header values in request bodies over HTTP, keeping the names", async () => {
    const headers = JSON.stringify({ "X-Secret": "hush-4411" });
    await call(sim(), "POST", "/api/orgs/1/webhooks/", { body: { ...MINIMAL_WEBHOOK, headers } });
    const text = await (await fetch(`${sim().url}/__simulator/requests`)).text();
    expect(text).not.toContain("hush-4411");
    const [shown] = JSON.parse(text) as Array<{ body: Record<string, unknown> }>;
    expect(shown?.body).toEqual({ ...MINIMAL_WEBHOOK, headers: '{"X-Secret":"********"}' });
    expect(sim().requests[0]?.body).toEqual({ ...MINIMAL_WEBHOOK, headers });
  });
});
