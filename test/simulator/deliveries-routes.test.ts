import { startReceiver, type RecordingReceiver } from "./deliveries-receiver";
import { call, useSimulator } from "./helpers";

const LOGS = "/api/orgs/1/webhook_process_logs/";
const QUEUE = "/api/orgs/1/webhook_queue_models/";

describe("deliveries: the process log and queue API routes", () => {
  const sim = useSimulator({ deliveries: { retryBaseMs: 60_000 }, tokens: { "sim-token": [1], other: [2] } });
  let receiver: RecordingReceiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  /** Three attempts: a project delivered, a contact failed (queued), an event delivered. */
  async function someDeliveries() {
    receiver.status = (request) => (request.body.model === "Contact" ? 500 : 200);
    const webhook = sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    await sim().models.change({ orgId: 1, model: "project", event: "CREATE", identifier: "P-7", fields: { stage: 1 } });
    await sim().models.change({ orgId: 1, model: "contact", event: "CREATE", identifier: "C-9", fields: { email: "a@b.test" } });
    await sim().models.change({ orgId: 1, model: "event", event: "CREATE", fields: {} });
    return webhook;
  }

  it("lists delivery attempts with the documented fields", async () => {
    const webhook = await someDeliveries();
    const answer = await call(sim(), "GET", LOGS);
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    expect(answer.body[0]).toEqual({
      id: expect.any(Number),
      webhook: webhook.url,
      successful: true,
      model_name: "project",
      model_pk: expect.any(Number),
      event_name: "CREATE",
      event_id: expect.any(Number),
      event_timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      created_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      notes: "HTTP 200",
    });
    expect(answer.body.map((entry: any) => entry.successful)).toEqual([true, false, true]);
    expect(answer.body).toEqual(sim().deliveries.log(1));
  });

  it("lists queued deliveries with the documented fields", async () => {
    const webhook = await someDeliveries();
    const answer = await call(sim(), "GET", QUEUE);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      {
        id: expect.any(Number),
        webhook: webhook.url,
        number_of_attempts: 1,
        next_attempt_at: expect.stringMatching(/^\d{4}-/),
        processing_started_at: null,
        event: "CREATE",
        model_name: "contact",
        model_pk: expect.any(Number),
        foreign_identifier: "C-9",
      },
    ]);
  });

  it("filters with search, across fields, every term required", async () => {
    await someDeliveries();
    const search = async (terms: string) => (await call(sim(), "GET", `${LOGS}?search=${encodeURIComponent(terms)}`)).body;
    expect((await search("contact")).map((e: any) => e.model_name)).toEqual(["contact"]);
    expect((await search("HTTP 200")).map((e: any) => e.model_name)).toEqual(["project", "event"]);
    expect(await search("contact,200")).toEqual([]);
    expect((await call(sim(), "GET", `${QUEUE}?search=c-9`)).body).toHaveLength(1);
    expect((await call(sim(), "GET", `${QUEUE}?search=P-7`)).body).toEqual([]);
  });

  it("pages with limit and page, as DRF does", async () => {
    await someDeliveries();
    const first = await call(sim(), "GET", `${LOGS}?limit=2`);
    expect(first.body).toEqual({
      count: 3,
      next: `${sim().url}${LOGS}?limit=2&page=2`,
      previous: null,
      results: [expect.objectContaining({ model_name: "project" }), expect.objectContaining({ model_name: "contact" })],
    });
    const second = await call(sim(), "GET", `${LOGS}?limit=2&page=2`);
    expect(second.body.results.map((e: any) => e.model_name)).toEqual(["event"]);
    expect((await call(sim(), "GET", `${LOGS}?limit=2&page=3`)).status).toBe(404);
    expect((await call(sim(), "GET", `${LOGS}?page=1`)).body.count).toBe(3);
  });

  it("answers CSV with ?format=csv", async () => {
    const webhook = await someDeliveries();
    const answer = await call(sim(), "GET", `${LOGS}?format=csv&search=project`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, row, end] = answer.text.split("\r\n");
    expect(header).toBe("id,webhook,successful,model_name,model_pk,event_name,event_id,event_timestamp,created_date,notes");
    expect(row).toMatch(new RegExp(`^\\d+,${webhook.url},True,project,\\d+,CREATE,\\d+,[^,]+,[^,]+,HTTP 200$`));
    expect(end).toBe("");

    const queue = await call(sim(), "GET", `${QUEUE}?format=csv`);
    const lines = queue.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,webhook,number_of_attempts,next_attempt_at,processing_started_at,event,model_name,model_pk,foreign_identifier",
    );
    expect(lines[1]).toMatch(/,1,[^,]+,,CREATE,contact,\d+,C-9$/);
    expect((await call(sim(), "GET", `${LOGS}?format=xml`)).status).toBe(404);
  });

  it("checks auth like the other API routes and keeps orgs apart", async () => {
    await someDeliveries();
    expect((await call(sim(), "GET", LOGS, { token: null })).status).toBe(401);
    expect((await call(sim(), "GET", QUEUE, { token: "wrong" })).status).toBe(401);
    expect((await call(sim(), "GET", LOGS, { token: "other" })).status).toBe(403);
    expect((await call(sim(), "GET", "/api/orgs/2/webhook_process_logs/", { token: "other" })).body).toEqual([]);
    expect((await call(sim(), "GET", "/api/orgs/x/webhook_process_logs/")).status).toBe(404);
  });

  it("is read-only, redirects the slash-less path and is recorded", async () => {
    expect((await call(sim(), "POST", LOGS, { body: {} })).status).toBe(405);
    const options = await call(sim(), "OPTIONS", QUEUE);
    expect(options.status).toBe(200);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const redirect = await call(sim(), "GET", "/api/orgs/1/webhook_queue_models?limit=1");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe(`${QUEUE}?limit=1`);
    expect(sim().requests.map((r) => r.path)).toContain(LOGS);
  });
});
