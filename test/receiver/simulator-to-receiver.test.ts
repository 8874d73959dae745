import { createNodeHandler, generateSharedSecret, sharedSecretHeaders, type WebhookPayload } from "pulumi-opensolar/receiver";
import { startSimulator, type Simulator } from "pulumi-opensolar/simulator";
import { eventually, serve, type Running } from "./servers";

// The two halves together: the simulator delivers, the receiver verifies and parses.
describe("simulator deliveries into a receiver", () => {
  let sim: Simulator;
  let receiver: Running;
  const received: WebhookPayload[] = [];
  const secret = generateSharedSecret();

  beforeAll(async () => {
    sim = await startSimulator({ deliveries: { retryBaseMs: 10, maxAttempts: 2 } });
    receiver = await serve(createNodeHandler({ secrets: [secret] }, (payload) => void received.push(payload)));
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it("delivers every model and event in a shape the receiver accepts", async () => {
    sim.seedWebhook(1, { endpoint: receiver.url, headers: JSON.stringify(sharedSecretHeaders(secret)), trigger_fields: null });
    const project = await sim.models.change({ orgId: 1, model: "project", event: "CREATE", fields: { address: "1 Sun St", stage: 1 } });
    await sim.models.change({ orgId: 1, model: "project", event: "UPDATE", id: project.change.model_id, fields: { stage: 2 } });
    await sim.models.change({ orgId: 1, model: "contact", event: "CREATE", fields: { email: "a@b.test" } });
    await sim.models.change({ orgId: 1, model: "event", event: "CREATE", fields: {} });
    await sim.models.change({ orgId: 1, model: "project", event: "DELETE", id: project.change.model_id });

    expect(sim.deliveries.log().map((entry) => entry.notes)).toEqual(Array(5).fill("HTTP 200"));
    await eventually(() => received.length === 5);
    expect(received.map((payload) => `${payload.model} ${payload.event}`)).toEqual([
      "Project CREATE",
      "Project UPDATE",
      "Contact CREATE",
      "Event CREATE",
      "Project DELETE",
    ]);
    const update = received[1];
    if (update?.model !== "Project" || update.event === "DELETE") throw new Error("expected a Project UPDATE");
    expect(update.fields.stage).toBe(2);
    expect(update.date.getTime()).toBe(Number(update.timestamp) * 1000);
  });

  it("gets a 401 into the delivery log when the secret is wrong", async () => {
    const webhook = sim.seedWebhook(2, { endpoint: receiver.url, headers: JSON.stringify(sharedSecretHeaders("stale")), trigger_fields: null });
    await sim.models.change({ orgId: 2, model: "contact", event: "CREATE", fields: {} });
    await sim.deliveries.idle();
    expect(sim.deliveries.log(2).map((entry) => [entry.webhook, entry.notes])).toEqual([
      [webhook.url, expect.stringMatching(/^HTTP 401; retry 2 of 2/)],
      [webhook.url, "HTTP 401; gave up after 2 attempts"],
    ]);
  });
});
