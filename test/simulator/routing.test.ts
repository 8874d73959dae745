import { call, create, MINIMAL_WEBHOOK, useSimulator } from "./helpers";

describe("routing", () => {
  const sim = useSimulator();

  it("redirects a GET without the trailing slash, keeping the query", async () => {
    const answer = await call(sim(), "GET", "/api/orgs/1/webhooks?page=2", { token: null });
    expect(answer.status).toBe(301);
    expect(answer.headers.get("location")).toBe("/api/orgs/1/webhooks/?page=2");
    const created = await create(sim(), 1);
    const detail = await call(sim(), "GET", `/api/orgs/1/webhooks/${created.id}`);
    expect(detail.status).toBe(301);
    expect(detail.headers.get("location")).toBe(`/api/orgs/1/webhooks/${created.id}/`);
  });

  it("answers 404 to other methods without the trailing slash", async () => {
    const created = await create(sim(), 1);
    const post = await call(sim(), "POST", "/api/orgs/1/webhooks", { body: MINIMAL_WEBHOOK });
    expect(post.status).toBe(404);
    expect(post.body).toEqual({ detail: "Not found." });
    expect((await call(sim(), "PATCH", `/api/orgs/1/webhooks/${created.id}`, { body: {} })).status).toBe(404);
    expect((await call(sim(), "DELETE", `/api/orgs/1/webhooks/${created.id}`)).status).toBe(404);
    expect(sim().webhooks(1)).toHaveLength(1);
  });

  it.each([
    "/api/orgs/1/projects/",
    "/api/orgs/abc/webhooks/",
    "/api/orgs/1/webhooks/abc/",
    "/api/orgs/1/Webhooks/",
    "/nothing",
    "/api/orgs/1/webhooks/1/extra/",
  ])("answers 404 JSON for unknown route %s, without asking for auth", async (path) => {
    const answer = await call(sim(), "GET", path, { token: null });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ detail: "Not found." });
  });

  it("does not redirect a slash-less path that would not exist with the slash", async () => {
    expect((await call(sim(), "GET", "/api/orgs/1/projects", { token: null })).status).toBe(404);
  });

  it("answers 405 with Allow for unsupported methods on known routes", async () => {
    const answer = await call(sim(), "PUT", "/api/orgs/1/webhooks/", { body: MINIMAL_WEBHOOK });
    expect(answer.status).toBe(405);
    expect(answer.body).toEqual({ detail: 'Method "PUT" not allowed.' });
    expect(answer.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("answers OPTIONS with the allowed methods", async () => {
    const answer = await call(sim(), "OPTIONS", "/api/orgs/1/webhooks/1/");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("allow")).toBe("GET, PATCH, DELETE, HEAD, OPTIONS");
  });

  it("answers 400 for invalid JSON", async () => {
    const answer = await call(sim(), "POST", "/api/orgs/1/webhooks/", { rawBody: '{"endpoint": ' });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/^JSON parse error - /);
  });

  it("answers 415 for a body that is not JSON", async () => {
    const answer = await call(sim(), "POST", "/api/orgs/1/webhooks/", {
      rawBody: "endpoint=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual({ detail: 'Unsupported media type "application/x-www-form-urlencoded" in request.' });
  });

  it("sends no ETag, so repeated GETs are never 304", async () => {
    expect((await call(sim(), "GET", "/api/orgs/1/webhooks/")).headers.get("etag")).toBeNull();
  });
});
