import { call, useSimulator } from "./helpers";

describe("authentication and permission", () => {
  const sim = useSimulator({ tokens: { "sim-token": [1], "other-token": [2], "both-token": [1, 2] } });
  const LIST = "/api/orgs/1/webhooks/";

  it("answers 401 without credentials", async () => {
    const answer = await call(sim(), "GET", LIST, { token: null });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ detail: "Authentication credentials were not provided." });
    expect(answer.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("treats another scheme as no credentials, like DRF", async () => {
    const answer = await call(sim(), "GET", LIST, { headers: { authorization: "Token sim-token" } });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("answers 401 for an unknown token", async () => {
    const answer = await call(sim(), "GET", LIST, { token: "nope" });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ detail: "Invalid token." });
  });

  it("answers 401 for malformed bearer headers", async () => {
    expect((await call(sim(), "GET", LIST, { headers: { authorization: "Bearer" } })).body).toEqual({
      detail: "Invalid token header. No credentials provided.",
    });
    expect((await call(sim(), "GET", LIST, { headers: { authorization: "Bearer a b" } })).body).toEqual({
      detail: "Invalid token header. Token string should not contain spaces.",
    });
  });

  it("answers 403 for a token not bound to the org", async () => {
    const answer = await call(sim(), "GET", LIST, { token: "other-token" });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ detail: "You do not have permission to perform this action." });
  });

  it("checks authentication before permission and before the body", async () => {
    const answer = await call(sim(), "POST", "/api/orgs/9/webhooks/", { token: "nope", rawBody: "{oops" });
    expect(answer.status).toBe(401);
  });

  it("lets a token reach every org it is bound to", async () => {
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/", { token: "both-token" })).status).toBe(200);
    expect((await call(sim(), "GET", "/api/orgs/2/webhooks/", { token: "both-token" })).status).toBe(200);
  });

  it("answers 401 once a token is revoked, as when it expires", async () => {
    expect((await call(sim(), "GET", LIST)).status).toBe(200);
    sim().revokeToken("sim-token");
    const answer = await call(sim(), "GET", LIST);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ detail: "Invalid token." });
  });

  it("rebinds a token with setToken", async () => {
    sim().setToken("sim-token", [2]);
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).status).toBe(403);
    expect((await call(sim(), "GET", "/api/orgs/2/webhooks/")).status).toBe(200);
    sim().setToken("new-token", [1]);
    expect((await call(sim(), "GET", LIST, { token: "new-token" })).status).toBe(200);
  });

  it("rejects tokens that could never travel in a header", () => {
    expect(() => sim().setToken("has space", [1])).toThrow(TypeError);
    expect(() => sim().setToken("", [1])).toThrow(TypeError);
  });
});
