import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Simulator } from "pulumi-opensolar/simulator";
import { OpenSolarClient } from "../../provider/webhook/client";
import { OpenSolarNetworkError, OpenSolarResponseError } from "../../provider/core/errors";
import * as provider from "../../provider/dynamic/webhook-implementation";
import { resolveSettings } from "../../provider/core/settings";
import { mutations, ORG, TOKEN } from "../../testkit/test-simulator";
import { startProviderSimulator } from "./provider-env";

// The transport's promises, over real HTTP: deadlines that a trickling server cannot
// stretch, pagination that never wanders, ids later calls can use, and refreshes that call
// a webhook gone only when OpenSolar confirms it.

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

/** A loopback server answering with `handler`; closed after the test. */
async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<import("node:net").Socket>();
  let base = "";
  const server: Server = createServer((req, res) => handler(req, res, base));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function clientFor(baseUrl: string, env: Record<string, string> = {}): OpenSolarClient {
  return new OpenSolarClient(
    resolveSettings(undefined, {
      OPENSOLAR_BASE_URL: baseUrl,
      OPENSOLAR_API_TOKEN: TOKEN,
      OPENSOLAR_TIMEOUT_MS: "300",
      OPENSOLAR_RETRY_BASE_MS: "10",
      OPENSOLAR_MAX_RETRIES: "1",
      ...env,
    }),
  );
}

const webhook = (id: unknown) => ({ id, endpoint: "https://hooks.example.com/x", enabled: true, debug: false, headers: "{}" });

describe("deadlines", () => {
  it("ends an attempt whose answer trickles forever, body included", async () => {
    // Headers at once, then one byte every 50 ms, never the end: an idle timer never fires.
    const trickle = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
    });
    try {
      const failure = clientFor(trickle.url).listWebhooks(ORG);
      await expect(failure).rejects.toBeInstanceOf(OpenSolarNetworkError);
      await expect(failure).rejects.toThrow(/got no answer \(no complete answer within \d+ ms\)/);
    } finally {
      await trickle.close();
    }
  });

  it("the retry budget bounds the whole call, the attempt in flight included", async () => {
    let attempts = 0;
    const silent = await serve(() => {
      attempts += 1; // never answers
    });
    try {
      const client = clientFor(silent.url, { OPENSOLAR_TIMEOUT_MS: "60000", OPENSOLAR_RETRY_BUDGET_MS: "400", OPENSOLAR_MAX_RETRIES: "9" });
      await expect(client.listWebhooks(ORG)).rejects.toThrow(/got no answer/);
      // One attempt: the budget, not the 60 s timeout, ended it, and left no time for another.
      expect(attempts).toBe(1);
    } finally {
      await silent.close();
    }
  });
});

describe("pagination", () => {
  async function listWith(pages: (path: string, base: string) => unknown): Promise<{ error: unknown; requests: number }> {
    let requests = 0;
    const api = await serve((req, res, base) => {
      requests += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(pages(req.url ?? "", base)));
    });
    try {
      const error = await clientFor(api.url).listWebhooks(ORG).then(() => undefined, (caught: unknown) => caught);
      return { error, requests };
    } finally {
      await api.close();
    }
  }
  const list = `/api/orgs/${ORG}/webhooks/`;

  it("a next link that repeats a page is an error, not a thousand GETs", async () => {
    const { error, requests } = await listWith((_path, base) => ({ results: [webhook(1)], next: `${base}${list}?page=1` }));
    expect(error).toBeInstanceOf(OpenSolarResponseError);
    expect(String(error)).toMatch(/repeats a page/);
    expect(requests).toBe(2);
  });

  it("a next link to another host is an error, not a silently short list", async () => {
    const { error } = await listWith(() => ({ results: [webhook(1)], next: "https://elsewhere.example.com/api/orgs/41/webhooks/?page=2" }));
    expect(error).toBeInstanceOf(OpenSolarResponseError);
    expect(String(error)).toMatch(/another host/);
    expect(String(error)).not.toContain("elsewhere.example.com");
  });

  it("a next link to another org's list is an error, not its webhooks merged in", async () => {
    const { error } = await listWith((_path, base) => ({ results: [webhook(1)], next: `${base}/api/orgs/999/webhooks/?page=2` }));
    expect(error).toBeInstanceOf(OpenSolarResponseError);
    expect(String(error)).toMatch(/another list/);
  });

  it("an endless chain of distinct pages stops at the page cap with a message", async () => {
    const { error, requests } = await listWith((path, base) => {
      const page = Number(new URL(path, base).searchParams.get("page") ?? "1");
      return { results: [], next: `${base}${list}?page=${page + 1}` };
    });
    expect(String(error)).toMatch(/past 200 pages/);
    expect(requests).toBe(200);
  });
});

describe("ids", () => {
  it.each([[0], [1.5], [2 ** 53 + 2], ["9007199254740993"], ["-3"]])("a created webhook with id %p is a bad_response", async (id) => {
    const api = await serve((_req, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify(webhook(id)));
    });
    try {
      const failure = clientFor(api.url).createWebhook(ORG, { endpoint: "https://hooks.example.com/x", enabled: true, debug: false });
      await expect(failure).rejects.toMatchObject({ code: "bad_response" });
    } finally {
      await api.close();
    }
  });
});

describe("refresh against the simulator", () => {
  let simulator: Simulator;
  beforeEach(async () => {
    simulator = await startProviderSimulator();
  });
  afterEach(() => simulator.close());

  const declared = { endpoint: "https://hooks.example.com/refresh", headers: { Authorization: "Token refresh-secret-5521" } };

  async function created(): Promise<{ id: string; outs: Record<string, unknown> }> {
    const checked = await provider.check({}, declared);
    const { id, outs } = await provider.create(checked.inputs as Record<string, unknown>);
    return { id, outs: outs as Record<string, unknown> };
  }

  /**
   * State that does not rule late copies out (a create whose POST was lost, or an older
   * version's state): its reads list the org, to look for copies carrying its marker.
   */
  async function createdWithCopiesPossible(): Promise<{ id: string; outs: Record<string, unknown> }> {
    const { id, outs } = await created();
    const { copiesRuledOut, ...rest } = outs;
    expect(copiesRuledOut).toBe(true);
    return { id, outs: rest };
  }

  it.each([
    ["a 503 on every try", { status: 503 }],
    ["a reset", { reset: true }],
    ["an answer that is not JSON", { rawBody: "<html>oops</html>", contentType: "text/html" }],
  ])("a listing that fails (%s) is an error, never \"deleted\"", async (_name, fault) => {
    const { id, outs } = await created();
    simulator.addFault({ method: "GET", ...fault });
    await expect(provider.read(id, outs)).rejects.toThrow(/pulumi-opensolar: GET \/api\/orgs\/41\/webhooks\//);
    simulator.clearFaults();
    expect((await provider.read(id, outs)).id).toBe(id);
  });

  it("a read right after an out-of-band delete sees it: no listing is reused after it answered", async () => {
    const { id, outs } = await created();
    expect((await provider.read(id, outs)).id).toBe(id);
    simulator.removeWebhook(ORG, Number(id));
    expect((await provider.read(id, outs)).id).toBeUndefined();
  });

  it("a read right after an out-of-band edit sees it", async () => {
    const { id, outs } = await created();
    await provider.read(id, outs);
    simulator.editWebhook(ORG, Number(id), { enabled: false });
    expect(((await provider.read(id, outs)).props as Record<string, unknown>)["enabled"]).toBe(false);
  });

  it("a listed webhook this provider cannot use fails the reads that ask for it, not the others", async () => {
    const { id, outs } = await created();
    const answer = await fetch(`${simulator.url}/api/orgs/${ORG}/webhooks/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const body = (await answer.json()) as Record<string, unknown>[] | { results: Record<string, unknown>[] };
    const items = Array.isArray(body) ? body : body.results;
    // Made outside Pulumi, with a field this provider cannot read.
    const mangled = { ...items[0], id: 990_001, enabled: "yes", headers: "{}" };
    simulator.addFault({ method: "GET", path: `/api/orgs/${ORG}/webhooks/`, rawBody: JSON.stringify([...items, mangled]) });
    expect((await provider.read(id, outs)).id).toBe(id);
    await expect(provider.read(String(mangled.id), { ...outs, webhookId: mangled.id })).rejects.toThrow(
      new RegExp(`pulumi-opensolar: GET /api/orgs/${ORG}/webhooks/ answered with a body this provider cannot use: enabled: `),
    );
  });

  it("a listed webhook without a usable id fails the listing, for every read that lists", async () => {
    const { id, outs } = await createdWithCopiesPossible();
    const answer = await fetch(`${simulator.url}/api/orgs/${ORG}/webhooks/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const body = (await answer.json()) as Record<string, unknown>[] | { results: Record<string, unknown>[] };
    const items = Array.isArray(body) ? body : body.results;
    simulator.addFault({ method: "GET", path: `/api/orgs/${ORG}/webhooks/`, rawBody: JSON.stringify([...items, { ...items[0], id: "web-1" }]) });
    await expect(provider.read(id, outs)).rejects.toThrow(
      new RegExp(`pulumi-opensolar: GET /api/orgs/${ORG}/webhooks/ answered with a body this provider cannot use: id: `),
    );
  });

  it("reads that look for late copies share one listing in a wave", async () => {
    const made = await Promise.all([createdWithCopiesPossible(), createdWithCopiesPossible(), createdWithCopiesPossible()]);
    simulator.clearRequests();
    await Promise.all(made.map(({ id, outs }) => provider.read(id, outs)));
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/orgs/${ORG}/webhooks/`]);
    expect(mutations(simulator)).toEqual([]);
  });

  it("reads of webhooks whose copies are ruled out send one GET by id each, and no listing", async () => {
    const made = await Promise.all([created(), created(), created()]);
    simulator.clearRequests();
    const reads = await Promise.all(made.map(({ id, outs }) => provider.read(id, outs)));
    expect(reads.map((read) => read.id)).toEqual(made.map(({ id }) => id));
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual(
      made.map(({ id }) => `GET /api/orgs/${ORG}/webhooks/${id}/`).sort(),
    );
  });

  it("a 404 by id is confirmed by a listing before the webhook counts as gone", async () => {
    const { id, outs } = await created();
    simulator.removeWebhook(ORG, Number(id));
    simulator.clearRequests();
    expect((await provider.read(id, outs)).id).toBeUndefined();
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /api/orgs/${ORG}/webhooks/${id}/`,
      `GET /api/orgs/${ORG}/webhooks/`,
    ]);
  });

  it.each([
    ["answers 405 (OpenSolar offers no GET by id)", 405],
    ["answers 404 for a webhook the listing shows", 404],
  ])("when GET by id %s, the webhook is read from the listing, and later reads list", async (_name, status) => {
    const [first, second] = await Promise.all([created(), created()]);
    if (!first || !second) throw new Error("two webhooks expected");
    simulator.addFault({ method: "GET", path: /^\/api\/orgs\/\d+\/webhooks\/\d+\/$/, status });
    simulator.clearRequests();
    const read = await provider.read(first.id, first.outs);
    expect(read.id).toBe(first.id);
    expect((read.props as Record<string, unknown>)["endpoint"]).toBe(declared.endpoint);
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /api/orgs/${ORG}/webhooks/${first.id}/`,
      `GET /api/orgs/${ORG}/webhooks/`,
    ]);
    simulator.clearRequests();
    expect((await provider.read(second.id, second.outs)).id).toBe(second.id);
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/orgs/${ORG}/webhooks/`]);
  });
});

describe("an API that normalizes what it stores", () => {
  // One webhook store whose endpoint comes back in another form (a trailing slash added),
  // as a server-side normalization would: the provider must not PATCH it on every `up`.
  it("shows the normalized endpoint once, never as a PATCH on every up", async () => {
    const stored = new Map<number, Record<string, unknown>>();
    const writes: string[] = [];
    let nextId = 7;
    const api = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const answer = (status: number, data: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(data));
        };
        const normalize = (fields: Record<string, unknown>) =>
          typeof fields["endpoint"] === "string" ? { ...fields, endpoint: `${fields["endpoint"]}/` } : fields;
        const match = /^\/api\/orgs\/41\/webhooks\/(?:(\d+)\/)?$/.exec(req.url ?? "");
        if (!match) return answer(404, { detail: "Not found." });
        if (req.method === "GET" && match[1] === undefined) return answer(200, [...stored.values()]);
        if (req.method === "POST") {
          writes.push("POST");
          const webhook = { id: nextId++, ...normalize(JSON.parse(body) as Record<string, unknown>) };
          stored.set(webhook.id as number, webhook);
          return answer(201, webhook);
        }
        const existing = stored.get(Number(match[1]));
        if (!existing) return answer(404, { detail: "Not found." });
        if (req.method === "PATCH") {
          writes.push("PATCH");
          Object.assign(existing, normalize(JSON.parse(body) as Record<string, unknown>));
        }
        return answer(200, existing);
      });
    });
    const previous = { ...process.env };
    Object.assign(process.env, { OPENSOLAR_BASE_URL: api.url, OPENSOLAR_API_TOKEN: TOKEN, OPENSOLAR_TIMEOUT_MS: "400" });
    try {
      const declared = (await provider.check({}, { orgId: ORG, endpoint: "https://hooks.example.com/norm" })).inputs as Record<string, unknown>;
      const { id, outs } = await provider.create(declared);
      expect((outs as Record<string, unknown>)["endpoint"]).toBe("https://hooks.example.com/norm/");
      expect((await provider.diff(id, outs as Record<string, unknown>, declared)).changes).toBe(false);
      // A refresh that finds the same normalized form changes nothing either.
      const read = await provider.read(id, outs as Record<string, unknown>);
      expect((await provider.diff(id, read.props ?? {}, declared)).changes).toBe(false);
      expect((read.inputs as Record<string, unknown>)["endpoint"]).toBe("https://hooks.example.com/norm");
      // A new endpoint is a change, and after its PATCH the new normalized form is stable too.
      const moved = { ...declared, endpoint: "https://hooks.example.com/moved" };
      expect((await provider.diff(id, read.props ?? {}, moved)).changes).toBe(true);
      const updated = await provider.update(id, read.props ?? {}, moved);
      expect((await provider.diff(id, updated.outs as Record<string, unknown>, moved)).changes).toBe(false);
      expect(writes).toEqual(["POST", "PATCH"]);
    } finally {
      process.env = previous;
      await api.close();
    }
  });
});

describe("pacing", () => {
  it("sends at most opensolar:maxConcurrency calls to one org at a time", async () => {
    let inFlight = 0;
    let most = 0;
    const api = await serve((_req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { "content-type": "application/json" });
        res.end("[]");
      }, 30);
    });
    try {
      const client = clientFor(api.url, { OPENSOLAR_MAX_CONCURRENCY: "3" });
      await Promise.all(Array.from({ length: 12 }, () => client.listWebhooks(ORG)));
      expect(most).toBe(3);
    } finally {
      await api.close();
    }
  });

  it("a 429 with Retry-After waits without spending the retries a failure would", async () => {
    let calls = 0;
    const api = await serve((_req, res) => {
      calls += 1;
      if (calls <= 3) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
        res.end(JSON.stringify({ detail: "Request was throttled." }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("[]");
    });
    try {
      // One retry allowed, three paced 429s: only the time budget bounds those.
      await expect(clientFor(api.url, { OPENSOLAR_MAX_RETRIES: "1" }).listWebhooks(ORG)).resolves.toEqual([]);
      expect(calls).toBe(4);
    } finally {
      await api.close();
    }
  });
});
