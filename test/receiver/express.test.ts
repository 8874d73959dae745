import express, { type RequestHandler } from "express";
import { buildTestDelivery, expressMiddleware, sendTestDelivery, type WebhookPayload } from "pulumi-opensolar/receiver";
import { eventually, serve, type Running } from "./servers";

const SECRET = "express-secret";

describe("expressMiddleware over real HTTP", () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(parsers: RequestHandler[], received: WebhookPayload[], options: { awaitHandler?: boolean } = {}) {
    const app = express();
    if (parsers.length > 0) app.use(...parsers);
    app.post("/hooks/opensolar", expressMiddleware({ secrets: [SECRET], ...options }, (payload) => void received.push(payload)));
    app.get("/health", (_req, res) => {
      res.send("ok");
    });
    running = await serve(app);
    return running.url;
  }

  it.each<[string, RequestHandler[]]>([
    ["no body parser", []],
    ["express.json()", [express.json()]],
    ["express.raw()", [express.raw({ type: "*/*" })]],
    ["express.text()", [express.text({ type: "*/*" })]],
  ])("receives a delivery behind %s", async (_name, parsers) => {
    const received: WebhookPayload[] = [];
    const url = await start(parsers, received, { awaitHandler: true });
    const response = await sendTestDelivery(url, { secret: SECRET, payload: { model: "Project", model_id: 5, fields: { stage: 3 } } });
    expect(response.status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ model: "Project", model_id: 5, fields: { stage: 3 } })]);
  });

  it("reads the raw body when express.json() skipped it for its content type", async () => {
    const received: WebhookPayload[] = [];
    const url = await start([express.json()], received);
    const { headers, body } = buildTestDelivery({ secret: SECRET });
    const response = await fetch(url, { method: "POST", body, headers: { ...headers, "Content-Type": "text/plain" } });
    expect(response.status).toBe(200);
    await eventually(() => received.length === 1);
  });

  it("answers 401 and 400 itself, and leaves other routes alone", async () => {
    const received: WebhookPayload[] = [];
    const url = await start([express.json()], received);
    expect((await sendTestDelivery(url, { secret: "nope" })).status).toBe(401);
    const malformed = await sendTestDelivery(url, { secret: SECRET, payload: { event: "CREATE", fields: "x" as never } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: "malformed payload", problems: [{ path: "fields", message: "must be an object" }] });
    expect(await (await fetch(url.replace("/hooks/opensolar", "/health"))).text()).toBe("ok");
    expect(received).toEqual([]);
  });

  it("keeps serving after the handler throws", async () => {
    const app = express();
    const errors: unknown[] = [];
    app.post(
      "/hooks/opensolar",
      expressMiddleware({ secrets: [SECRET], onError: (error) => errors.push(error) }, () => {
        throw new Error("handler bug");
      }),
    );
    running = await serve(app);
    expect((await sendTestDelivery(running.url, { secret: SECRET })).status).toBe(200);
    expect((await sendTestDelivery(running.url, { secret: SECRET })).status).toBe(200);
    await eventually(() => errors.length === 2);
  });
});
