import { request } from "node:http";
import {
  buildTestDelivery,
  createNodeHandler,
  sendTestDelivery,
  type NodeHandlerOptions,
  type WebhookPayload,
} from "pulumi-opensolar/receiver";
import { deferred, eventually, serve, type Running } from "./servers";

const SECRET = "node-secret";

describe("createNodeHandler over real HTTP", () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(onPayload: (payload: WebhookPayload) => void | Promise<void>, options: Partial<NodeHandlerOptions> = {}) {
    running = await serve(createNodeHandler({ secrets: [SECRET], ...options }, onPayload));
    return running.url;
  }

  it("answers 200 to a good delivery and hands over the parsed payload", async () => {
    const received: WebhookPayload[] = [];
    const url = await start((payload) => void received.push(payload));
    const response = await sendTestDelivery(url, { secret: SECRET, payload: { model: "Contact", model_id: "12", fields: { email: "a@b.test" } } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    await eventually(() => received.length === 1);
    expect(received[0]).toMatchObject({ model: "Contact", model_id: 12, event: "UPDATE", fields: { email: "a@b.test" } });
  });

  it("answers 401 without detail for a wrong or missing secret, and never calls the handler", async () => {
    const onPayload = jest.fn();
    const url = await start(onPayload);
    const wrong = await sendTestDelivery(url, { secret: "guess" });
    const { body } = buildTestDelivery({ secret: SECRET });
    const missing = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    for (const response of [wrong, missing]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "unauthorized" });
    }
    // Even a malformed body gets 401 first: a stranger learns nothing about the format.
    const malformed = await fetch(url, { method: "POST", body: "{", headers: { "x-opensolar-webhook-secret": "guess" } });
    expect(malformed.status).toBe(401);
    expect(onPayload).not.toHaveBeenCalled();
  });

  it("answers 400 with the problems for a malformed body", async () => {
    const onPayload = jest.fn();
    const url = await start(onPayload);
    const response = await sendTestDelivery(url, { secret: SECRET, payload: { model_id: -5, event: "UPDATE" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "malformed payload",
      problems: [{ path: "model_id", message: "must be a whole number (or a string of digits)" }],
    });
    const notJson = await fetch(url, { method: "POST", body: "hello", headers: { "x-opensolar-webhook-secret": SECRET } });
    expect(notJson.status).toBe(400);
    expect(onPayload).not.toHaveBeenCalled();
  });

  it("answers 405 to anything but POST", async () => {
    const url = await start(jest.fn());
    const response = await fetch(url, { headers: { "x-opensolar-webhook-secret": SECRET } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("answers 413 to a body over the limit, declared or streamed", async () => {
    const url = await start(jest.fn(), { maxBodyBytes: 64 });
    const declared = await sendTestDelivery(url, { secret: SECRET, payload: { fields: { notes: "x".repeat(200) } } });
    expect(declared.status).toBe(413);

    // Chunked, so the size is only known while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { "x-opensolar-webhook-secret": SECRET } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(20));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("answers before a slow handler finishes", async () => {
    const gate = deferred();
    let finished = false;
    const url = await start(async () => {
      await gate.promise;
      finished = true;
    });
    expect((await sendTestDelivery(url, { secret: SECRET })).status).toBe(200);
    expect(finished).toBe(false);
    gate.resolve();
    await eventually(() => finished);
  });

  it("survives a failing handler and reports the error", async () => {
    const errors: unknown[] = [];
    const url = await start(
      () => {
        throw new Error("boom");
      },
      { onError: (error) => errors.push(error) },
    );
    expect((await sendTestDelivery(url, { secret: SECRET })).status).toBe(200);
    await eventually(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ message: "boom" });
    expect((await sendTestDelivery(url, { secret: SECRET })).status).toBe(200);
  });

  it("with awaitHandler, answers after the handler, and 500 when it fails", async () => {
    let calls = 0;
    const url = await start(
      async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (calls === 2) throw new Error("second fails");
      },
      { awaitHandler: true, onError: () => undefined },
    );
    expect((await sendTestDelivery(url, { secret: SECRET })).status).toBe(200);
    expect(calls).toBe(1);
    const failed = await sendTestDelivery(url, { secret: SECRET });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: "handler failed" });
  });

  it("logs to console.error when no onError is given", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const url = await start(async () => Promise.reject(new Error("quiet")));
      await sendTestDelivery(url, { secret: SECRET, payload: { model: "Event", model_id: 9, event_id: 77 } });
      await eventually(() => spy.mock.calls.length > 0);
      expect(String(spy.mock.calls[0]?.[0])).toMatch(/handler failed for Event 9 UPDATE \(event 77\)/);
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses bad options when made, not on the first delivery", () => {
    expect(() => createNodeHandler({ secrets: [""] }, jest.fn())).toThrow(TypeError);
    expect(() => createNodeHandler({ secrets: ["s"], maxBodyBytes: 0 }, jest.fn())).toThrow(RangeError);
  });
});
