import { buildTestDelivery, parsePayload, receiveWebhook } from "pulumi-opensolar/receiver";

describe("buildTestDelivery", () => {
  it("builds a valid UPDATE of Project 1 that passes the real verification", () => {
    const delivery = buildTestDelivery({ secret: "s" });
    expect(delivery.headers).toEqual({ "Content-Type": "application/json", "X-OpenSolar-Webhook-Secret": "s" });
    expect(JSON.parse(delivery.body)).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      model: "Project",
      model_id: 1,
      identifier: "test-1",
      event: "UPDATE",
      event_id: 1,
      fields: { id: 1 },
    });
    expect(receiveWebhook(delivery, { secrets: ["s"] })).toMatchObject({ status: 200, payload: { model_id: 1 } });
  });

  it("takes overrides, a header name, and leaves fields out of a DELETE", () => {
    const deleted = buildTestDelivery({ secret: "Token t", headerName: "Authorization", payload: { event: "DELETE", model_id: 9 } });
    expect(deleted.headers["Authorization"]).toBe("Token t");
    expect(JSON.parse(deleted.body)).not.toHaveProperty("fields");
    expect(receiveWebhook(deleted, { headerName: "authorization", secrets: ["Token t"] }).status).toBe(200);
    // Overrides go out as given, so tests can send what OpenSolar should not.
    const odd = buildTestDelivery({ secret: "s", payload: { event: "DELETE", fields: { id: 1 }, model_id: "7" } });
    expect(JSON.parse(odd.body)).toMatchObject({ fields: { id: 1 }, model_id: "7" });
    expect(parsePayload(odd.body)).toMatchObject({ ok: true, payload: { model_id: 7 } });
  });

  it("answers receiveWebhook with 401 before looking at the body", () => {
    expect(receiveWebhook({ headers: {}, body: "{" }, { secrets: ["s"] })).toEqual({ status: 401, error: "unauthorized" });
    expect(receiveWebhook({ headers: { "x-opensolar-webhook-secret": "s" }, body: "{" }, { secrets: ["s"] })).toMatchObject({
      status: 400,
      error: "malformed payload",
      problems: [{ path: "" }],
    });
  });
});
