import { startSimulator } from "../../simulator";
import { call, create, MINIMAL_WEBHOOK, useSimulator } from "./helpers";

describe("fault injection", () => {
  const sim = useSimulator();
  const LIST = "/api/orgs/1/webhooks/";

  it("answers a status with Retry-After and a DRF detail instead of handling the request", async () => {
    sim().addFault({ method: "POST", path: LIST, status: 429, retryAfter: "1", times: 1 });
    const throttled = await call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect(throttled.body).toEqual({ detail: "Request was throttled. Expected available in 1 second." });
    expect(sim().webhooks(1)).toEqual([]);
    // times: 1 has expired, so the retry goes through.
    expect((await call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK })).status).toBe(201);
  });

  it("answers 5xx with a detail and sends HTTP-date Retry-After verbatim", async () => {
    const date = "Wed, 21 Oct 2015 07:28:00 GMT";
    sim().addFault({ status: 503, retryAfter: date });
    const answer = await call(sim(), "GET", LIST);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe(date);
    expect(answer.body).toEqual({ detail: "Service temporarily unavailable, try again later." });
  });

  it("adds latency from the rule and from the global option", async () => {
    sim().addFault({ path: LIST, latencyMs: 50, times: 1 });
    let started = Date.now();
    expect((await call(sim(), "GET", LIST)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);

    sim().setOptions({ latencyMs: 50 });
    started = Date.now();
    await call(sim(), "GET", LIST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sim().requests.map((r) => r.faulted)).toEqual(["latency", undefined]);
  });

  it("resets the connection without processing the request", async () => {
    sim().addFault({ method: "POST", reset: true, times: 1 });
    await expect(call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK })).rejects.toThrow("fetch failed");
    expect(sim().webhooks(1)).toEqual([]);
    expect(sim().requests[0]).toMatchObject({ method: "POST", status: 0, faulted: "reset" });
    expect((await call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK })).status).toBe(201);
  });

  it("loses the response after committing the change", async () => {
    sim().addFault({ method: "POST", path: LIST, loseResponse: true, times: 1 });
    await expect(call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK })).rejects.toThrow("fetch failed");
    expect(sim().webhooks(1)).toHaveLength(1);
    expect(sim().requests[0]).toMatchObject({ status: 0, faulted: "loseResponse" });
    // The client's next look shows the webhook its lost request created.
    expect((await call(sim(), "GET", LIST)).body).toHaveLength(1);
  });

  it("answers a raw body: an HTML error page", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    sim().addFault({ status: 502, rawBody: html, contentType: "text/html; charset=utf-8" });
    const answer = await call(sim(), "GET", LIST);
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(answer.text).toBe(html);
  });

  it("answers a raw body: JSON without an id, as 200 by default and application/json", async () => {
    sim().addFault({ method: "POST", rawBody: '{"endpoint": "https://receiver.test/hook"}' });
    const answer = await call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.body).toEqual({ endpoint: "https://receiver.test/hook" });
    expect(sim().webhooks(1)).toEqual([]);
  });

  it("expires after `times` matching requests and ignores requests that do not match", async () => {
    sim().addFault({ method: "GET", path: LIST, status: 500, times: 2 });
    expect((await call(sim(), "POST", LIST, { body: MINIMAL_WEBHOOK })).status).toBe(201);
    expect((await call(sim(), "GET", LIST)).status).toBe(500);
    expect((await call(sim(), "GET", `${LIST}?page=1`)).status).toBe(500);
    expect((await call(sim(), "GET", LIST)).status).toBe(200);
  });

  it("matches path prefixes ending in * and regular expressions", async () => {
    const created = await create(sim(), 1);
    const detail = `${LIST}${created.id}/`;
    const removePrefix = sim().addFault({ path: "/api/orgs/1/webhooks/*", status: 500 });
    expect((await call(sim(), "GET", detail)).status).toBe(500);
    expect((await call(sim(), "GET", LIST)).status).toBe(500);
    removePrefix();
    sim().addFault({ method: "patch", path: /\/webhooks\/\d+\/$/g, status: 409 });
    expect((await call(sim(), "PATCH", detail, { body: {} })).status).toBe(409);
    expect((await call(sim(), "PATCH", detail, { body: {} })).status).toBe(409);
    expect((await call(sim(), "GET", detail)).status).toBe(200);
    expect((await call(sim(), "GET", LIST)).status).toBe(200);
  });

  it("applies the first live matching rule in insertion order", async () => {
    sim().addFault({ path: LIST, status: 502, times: 1 });
    sim().addFault({ path: LIST, status: 503 });
    expect((await call(sim(), "GET", LIST)).status).toBe(502);
    expect((await call(sim(), "GET", LIST)).status).toBe(503);
  });

  it("removes one rule with its remover, all with clearFaults", async () => {
    const remove = sim().addFault({ status: 500 });
    remove();
    expect((await call(sim(), "GET", LIST)).status).toBe(200);
    sim().addFault({ status: 500 });
    sim().addFault({ status: 501 });
    sim().clearFaults();
    expect((await call(sim(), "GET", LIST)).status).toBe(200);
  });

  it("applies with a seeded probability that repeats from run to run", async () => {
    const pattern = async (): Promise<number[]> => {
      const fresh = await startSimulator();
      try {
        fresh.addFault({ path: LIST, status: 500, probability: 0.5, seed: 7 });
        const statuses: number[] = [];
        for (let i = 0; i < 20; i += 1) statuses.push((await call(fresh, "GET", LIST)).status);
        return statuses;
      } finally {
        await fresh.close();
      }
    };
    const first = await pattern();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
  });

  it("rejects rules that would do nothing or make no sense", () => {
    expect(() => sim().addFault({ path: LIST })).toThrow(TypeError);
    expect(() => sim().addFault({ status: 99 })).toThrow(TypeError);
    expect(() => sim().addFault({ status: 500, times: 0 })).toThrow(TypeError);
    expect(() => sim().addFault({ status: 500, probability: 2 })).toThrow(TypeError);
    expect(() => sim().addFault({ latencyMs: 10, retryAfter: "1" })).toThrow(TypeError);
  });
});
