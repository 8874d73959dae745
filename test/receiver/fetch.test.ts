import type { IncomingMessage, ServerResponse } from "node:http";
import { buildTestDelivery, createFetchHandler, sendTestDelivery, type WebhookPayload } from "pulumi-opensolar/receiver";
import { deferred, eventually, serve, type Running } from "./servers";

const SECRET = "fetch-secret";
const URL_ = "https://receiver.test/hooks/opensolar";

function post(delivery: { headers: Record<string, string>; body: string }): Request {
  return new Request(URL_, { method: "POST", headers: delivery.headers, body: delivery.body });
}

describe("createFetchHandler called with Requests", () => {
  it("answers 200 and hands over the payload", async () => {
    const received: WebhookPayload[] = [];
    const handle = createFetchHandler({ secrets: [SECRET], awaitHandler: true }, (payload) => void received.push(payload));
    const response = await handle(post(buildTestDelivery({ secret: SECRET, payload: { event: "DELETE", model: "Event", model_id: 3 } })));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ received: true });
    expect(received).toEqual([expect.objectContaining({ model: "Event", event: "DELETE", model_id: 3 })]);
    expect(received[0]).not.toHaveProperty("fields");
  });

  it("answers 401, 400, 405 and 413", async () => {
    const onPayload = jest.fn();
    const handle = createFetchHandler({ secrets: [SECRET], maxBodyBytes: 512 }, onPayload);
    expect((await handle(post(buildTestDelivery({ secret: "wrong" })))).status).toBe(401);
    const bad = await handle(post(buildTestDelivery({ secret: SECRET, payload: { model: "Site" as never } })));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: [{ path: "model" }] });
    expect((await handle(new Request(URL_, { headers: { "x-opensolar-webhook-secret": SECRET } }))).status).toBe(405);
    const big = buildTestDelivery({ secret: SECRET, payload: { fields: { notes: "x".repeat(1000) } } });
    expect((await handle(post(big))).status).toBe(413);
    // A stream with no declared length is cut off while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode("y".repeat(200)));
        controller.close();
      },
    });
    const streamed = new Request(URL_, {
      method: "POST",
      headers: { "x-opensolar-webhook-secret": SECRET },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await handle(streamed)).status).toBe(413);
    expect(onPayload).not.toHaveBeenCalled();
  });

  it("answers before the handler finishes and hands the work to waitUntil", async () => {
    const gate = deferred();
    const kept: Promise<unknown>[] = [];
    let finished = false;
    const handle = createFetchHandler(
      { secrets: [SECRET], waitUntil: (promise) => void kept.push(promise) },
      async () => {
        await gate.promise;
        finished = true;
      },
    );
    expect((await handle(post(buildTestDelivery({ secret: SECRET })))).status).toBe(200);
    expect(finished).toBe(false);
    expect(kept).toHaveLength(1);
    gate.resolve();
    await kept[0];
    expect(finished).toBe(true);
  });
});

describe("createFetchHandler behind a tiny node server", () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.close();
  });

  /** What a serverless platform does: node request in, fetch Request to the handler, Response out. */
  function asNodeListener(handle: (request: Request) => Promise<Response>) {
    return async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const init: RequestInit = { method: req.method ?? "GET", headers };
      if (chunks.length > 0) init.body = Buffer.concat(chunks);
      const response = await handle(new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, init));
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    };
  }

  it("receives real deliveries", async () => {
    const received: WebhookPayload[] = [];
    running = await serve(asNodeListener(createFetchHandler({ secrets: [SECRET] }, (payload) => void received.push(payload))));
    expect((await sendTestDelivery(running.url, { secret: SECRET, payload: { model: "Contact" } })).status).toBe(200);
    expect((await sendTestDelivery(running.url, { secret: "wrong" })).status).toBe(401);
    await eventually(() => received.length === 1);
    expect(received[0]?.model).toBe("Contact");
  });
});
