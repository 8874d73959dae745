import { call, create, useSimulator } from "./helpers";

describe("DELETE /api/orgs/:org_id/webhooks/:id/", () => {
  const sim = useSimulator();

  it("answers 204 with no body and removes the webhook", async () => {
    const created = await create(sim(), 1);
    const answer = await call(sim(), "DELETE", `/api/orgs/1/webhooks/${created.id}/`);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe("");
    expect(sim().webhooks(1)).toEqual([]);
    expect((await call(sim(), "GET", `/api/orgs/1/webhooks/${created.id}/`)).status).toBe(404);
  });

  it("answers 404 for a missing webhook", async () => {
    const answer = await call(sim(), "DELETE", "/api/orgs/1/webhooks/424242/");
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ detail: "Not found." });
  });

  it("answers 405 when the API does not allow DELETE", async () => {
    const created = await create(sim(), 1);
    sim().setOptions({ allowDelete: false });
    const answer = await call(sim(), "DELETE", `/api/orgs/1/webhooks/${created.id}/`);
    expect(answer.status).toBe(405);
    expect(answer.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
    expect(answer.headers.get("allow")).not.toContain("DELETE");
    expect(sim().webhooks(1)).toHaveLength(1);
  });

  it("still authenticates before answering 405", async () => {
    sim().setOptions({ allowDelete: false });
    expect((await call(sim(), "DELETE", "/api/orgs/1/webhooks/1/", { token: null })).status).toBe(401);
  });
});

describe("allowDelete: false as a start option", () => {
  const sim = useSimulator({ allowDelete: false });

  it("answers 405", async () => {
    const created = await create(sim(), 1);
    expect((await call(sim(), "DELETE", `/api/orgs/1/webhooks/${created.id}/`)).status).toBe(405);
  });
});
