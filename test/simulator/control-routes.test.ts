import type { Simulator } from "../../simulator";
import { call, control, create, MINIMAL_WEBHOOK, useSimulator } from "./helpers";


describe("control routes under /__simulator/", () => {
  const sim = useSimulator({ maskHeaderValues: true });

  it("lists and clears recorded requests", async () => {
    await call(sim(), "GET", "/api/orgs/1/webhooks/");
    const listed = await control(sim(), "GET", "/requests");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ method: "GET", status: 200 })]);
    expect((await control(sim(), "DELETE", "/requests")).status).toBe(204);
    expect(sim().requests).toEqual([]);
  });

  it("adds faults with string paths, removes one by id, and clears them", async () => {
    const added = await control(sim(), "POST", "/faults", {
      method: "POST",
      path: "/api/orgs/1/webhooks/",
      status: 429,
      retryAfter: "2",
    });
    expect(added.status).toBe(201);
    expect(typeof added.body.id).toBe("number");
    const throttled = await call(sim(), "POST", "/api/orgs/1/webhooks/", { body: MINIMAL_WEBHOOK });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("2");

    expect((await control(sim(), "DELETE", `/faults/${added.body.id}`)).status).toBe(204);
    expect((await control(sim(), "DELETE", `/faults/${added.body.id}`)).status).toBe(404);
    expect((await call(sim(), "POST", "/api/orgs/1/webhooks/", { body: MINIMAL_WEBHOOK })).status).toBe(201);

    await control(sim(), "POST", "/faults", { path: "/api/*", status: 500 });
    expect((await control(sim(), "DELETE", "/faults")).status).toBe(204);
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).status).toBe(200);
  });

  it("rejects malformed fault rules with 400", async () => {
    expect((await control(sim(), "POST", "/faults", { status: "500" })).status).toBe(400);
    expect((await control(sim(), "POST", "/faults", { status: 500, colour: "red" })).status).toBe(400);
    expect((await control(sim(), "POST", "/faults", { path: "/x/" })).status).toBe(400);
    expect((await control(sim(), "POST", "/faults", [])).status).toBe(400);
  });

  it("shows an org's webhooks without masking", async () => {
    const created = await create(sim(), 1, { headers: '{"A": "secret"}' });
    const state = await control(sim(), "GET", "/orgs/1/webhooks");
    expect(state.status).toBe(200);
    expect(state.body).toEqual([{ ...created, headers: '{"A": "secret"}' }]);
  });

  it("binds and revokes tokens", async () => {
    expect((await control(sim(), "POST", "/tokens", { token: "ci-token", orgIds: [1, 7] })).status).toBe(204);
    expect((await call(sim(), "GET", "/api/orgs/7/webhooks/", { token: "ci-token" })).status).toBe(200);
    expect((await control(sim(), "DELETE", "/tokens/ci-token")).status).toBe(204);
    expect((await call(sim(), "GET", "/api/orgs/7/webhooks/", { token: "ci-token" })).status).toBe(401);
    expect((await control(sim(), "POST", "/tokens", { token: "x" })).status).toBe(400);
    expect((await control(sim(), "POST", "/tokens", { token: "x", orgIds: ["1"] })).status).toBe(400);
  });

  it("answers 404 JSON for unknown control routes and skips faults and recording", async () => {
    sim().addFault({ status: 500 });
    const unknown = await control(sim(), "GET", "/nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: "Not found." });
    expect((await control(sim(), "GET", "/requests")).status).toBe(200);
    expect(sim().requests).toEqual([]);
  });
});
