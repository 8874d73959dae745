import { buildTestDelivery, createFetchHandler, receiveWebhook, type HeadersLike } from "pulumi-opensolar/receiver";

const SECRET = "s3cret-value";

/** Real headers that count how often the secret header is looked up. */
function countingHeaders(source: Record<string, string>): { headers: HeadersLike; secretReads: () => number } {
  const real = new Headers(source);
  let reads = 0;
  return {
    headers: {
      get(name: string) {
        if (name.toLowerCase() === "x-opensolar-webhook-secret") reads++;
        return real.get(name);
      },
    },
    secretReads: () => reads,
  };
}

describe("verify-and-receive", () => {
  it("checks the secret once per delivery in receiveWebhook", () => {
    const delivery = buildTestDelivery({ secret: SECRET });
    const { headers, secretReads } = countingHeaders(delivery.headers);
    expect(receiveWebhook({ headers, body: delivery.body }, { secrets: [SECRET] }).status).toBe(200);
    expect(secretReads()).toBe(1);
  });

  it("checks the secret once per delivery in an adapter", async () => {
    const delivery = buildTestDelivery({ secret: SECRET });
    const { headers, secretReads } = countingHeaders(delivery.headers);
    const handle = createFetchHandler({ secrets: [SECRET], awaitHandler: true }, () => undefined);
    // A Request-shaped object: the handler reads method, headers and the body stream only.
    const request = { method: "POST", headers, body: new Request("http://x.test", { method: "POST", body: delivery.body }).body };
    const response = await handle(request as unknown as Request);
    expect(response.status).toBe(200);
    expect(secretReads()).toBe(1);
  });

  it("answers a wrong secret before reading the body", () => {
    const delivery = buildTestDelivery({ secret: "not-it" });
    const result = receiveWebhook({ headers: delivery.headers, body: "{not json" }, { secrets: [SECRET] });
    expect(result).toEqual({ status: 401, error: "unauthorized" });
  });
});
