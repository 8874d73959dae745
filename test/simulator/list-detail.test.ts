import { call, create, useSimulator } from "./helpers";

describe("GET lists and details", () => {
  const sim = useSimulator();
  const LIST = "/api/orgs/1/webhooks/";

  it("lists the org's webhooks in id order as a plain array", async () => {
    sim().setToken("sim-token", [1, 2]);
    const a = await create(sim(), 1);
    await create(sim(), 2);
    const b = await create(sim(), 1, { endpoint: "https://b.test/" });
    const answer = await call(sim(), "GET", LIST);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([a, b]);
  });

  it("lists an org without webhooks as []", async () => {
    expect((await call(sim(), "GET", LIST)).body).toEqual([]);
  });

  it("answers DRF pages when pageSize is set, and next links can be followed", async () => {
    sim().setOptions({ pageSize: 2 });
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await create(sim(), 1, { endpoint: `https://r.test/${i}` }));

    const first = await call(sim(), "GET", LIST);
    expect(first.body).toEqual({
      count: 5,
      next: `${sim().url}${LIST}?page=2`,
      previous: null,
      results: created.slice(0, 2),
    });

    const seen: unknown[] = [];
    const previous: unknown[] = [];
    let next: string | null = `${sim().url}${LIST}`;
    while (next !== null) {
      const page: any = await (await fetch(next, { headers: { authorization: "Bearer sim-token" } })).json();
      seen.push(...page.results);
      previous.push(page.previous);
      next = page.next;
    }
    expect(seen).toEqual(created);
    // Page 2's link back to page 1 drops the page parameter, as DRF does.
    expect(previous).toEqual([null, `${sim().url}${LIST}`, `${sim().url}${LIST}?page=2`]);
  });

  it("keeps other query parameters in page links and answers 404 for a page out of range", async () => {
    sim().setOptions({ pageSize: 1 });
    await create(sim(), 1);
    await create(sim(), 1);
    const answer = await call(sim(), "GET", `${LIST}?search=x`);
    expect(answer.body.next).toBe(`${sim().url}${LIST}?search=x&page=2`);
    expect((await call(sim(), "GET", `${LIST}?page=last`)).body.previous).toBe(`${sim().url}${LIST}`);
    for (const page of ["3", "0", "abc"]) {
      const outside = await call(sim(), "GET", `${LIST}?page=${page}`);
      expect(outside.status).toBe(404);
      expect(outside.body).toEqual({ detail: "Invalid page." });
    }
  });

  it("goes back to plain arrays when pageSize is unset", async () => {
    sim().setOptions({ pageSize: 1 });
    sim().setOptions({ pageSize: undefined });
    expect((await call(sim(), "GET", LIST)).body).toEqual([]);
  });

  it("answers a webhook's detail, and 404 when it is missing", async () => {
    const created = await create(sim(), 1);
    expect((await call(sim(), "GET", `${LIST}${created.id}/`)).body).toEqual(created);
    const missing = await call(sim(), "GET", `${LIST}${created.id + 1}/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: "Not found." });
  });

  it("hides webhooks of other orgs: 404 through an accessible org, 403 through the other org", async () => {
    sim().setToken("owner", [2]);
    const other = await call(sim(), "POST", "/api/orgs/2/webhooks/", {
      token: "owner",
      body: { endpoint: "https://o.test/", enabled: true, debug: false },
    });
    expect((await call(sim(), "GET", `${LIST}${other.body.id}/`)).status).toBe(404);
    expect((await call(sim(), "GET", `/api/orgs/2/webhooks/${other.body.id}/`)).status).toBe(403);
    expect((await call(sim(), "GET", "/api/orgs/2/webhooks/")).status).toBe(403);
  });
});
