import { call, create, MINIMAL_WEBHOOK, useSimulator } from "./helpers";

// What OpenSolar's DRF serializer refuses beyond types: endpoints that are not URLs (a
// URLField) and field paths over models that do not exist.
describe("the webhook serializer's refusals", () => {
  const sim = useSimulator();
  const LIST = "/api/orgs/1/webhooks/";

  it.each([
    "nope",
    "/hooks",
    "receiver.test/hook",
    "https://",
    "https:///hook",
    "https:receiver.test",
    "mailto:ops@receiver.test",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://receiver/hook",
    "https://receiver.test:123456/",
    "https://receiver .test/",
    "https://receiver.test/a b",
    "https://-receiver.test/",
    "https://receiver.123/",
    "https://256.1.1.1/",
    "https://[::g]/",
    `https://receiver.test/${"a".repeat(2100)}`,
  ])("answers 400 for the endpoint %j on create", async (endpoint) => {
    const answer = await call(sim(), "POST", LIST, { body: { ...MINIMAL_WEBHOOK, endpoint } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ endpoint: ["Enter a valid URL."] });
    expect(sim().webhooks(1)).toEqual([]);
  });

  it.each([
    "https://receiver.test/hook",
    "HTTPS://Receiver.Test/Hook?x=1#top",
    "http://localhost:3000/hook",
    "http://127.0.0.1:4010/hook",
    "http://[::1]:8080/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://app.localhost/hook",
    "https://receiver.test./hook",
    "https://user:pw@receiver.test/hook",
    "https://xn--bcher-kva.example/hook",
    "https://bücher.example/hook",
    "ftp://files.receiver.test/drop",
  ])("stores the endpoint %j", async (endpoint) => {
    expect((await create(sim(), 1, { endpoint })).endpoint).toBe(endpoint);
  });

  it("answers 400 for an endpoint that is not a URL on update, and changes nothing", async () => {
    const created = await create(sim(), 1);
    const answer = await call(sim(), "PATCH", `${LIST}${created.id}/`, { body: { endpoint: "not a url" } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ endpoint: ["Enter a valid URL."] });
    expect(sim().getWebhook(1, created.id)).toEqual(created);
  });

  it.each(["trigger_fields", "payload_fields"])("answers 400 naming %s for a path over an unknown model", async (name) => {
    const answer = await call(sim(), "POST", LIST, {
      body: { ...MINIMAL_WEBHOOK, [name]: ["project.stage", "projects.stage", "user.email", "user.email"] },
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body)).toEqual([name]);
    // One message per distinct unknown path, each naming it and the models there are.
    expect(answer.body[name]).toHaveLength(2);
    expect(answer.body[name][0]).toMatch(/"projects\.stage".*project, contact, event/);
    expect(answer.body[name][1]).toMatch(/"user\.email"/);
  });

  it("refuses unknown models on update too, and accepts every known one", async () => {
    const created = await create(sim(), 1);
    const refused = await call(sim(), "PATCH", `${LIST}${created.id}/`, { body: { payload_fields: ["Project.stage"] } });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body)).toEqual(["payload_fields"]);
    const accepted = await call(sim(), "PATCH", `${LIST}${created.id}/`, {
      body: { trigger_fields: ["project.stage", "contact.*", "event.*"] },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.trigger_fields).toEqual(["project.stage", "contact.*", "event.*"]);
  });
});
