import { providerLoadedFrom } from "../../provider/core/lazy-provider";

// WebhookSecret's provider, driven as the engine drives it (through the serialized stub).
const provider = providerLoadedFrom("pulumi-opensolar/internal/webhook-secret-provider");

async function checked(news: Record<string, unknown>) {
  const result = await provider.check!({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

describe("WebhookSecret", () => {
  it("creates a strong secret, sent in the default header", async () => {
    const { outs } = await provider.create(await checked({}));
    expect(outs.current).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(outs.headers).toEqual({ "X-OpenSolar-Webhook-Secret": outs.current });
    expect(outs.acceptedSecrets).toEqual([outs.current]);
  });

  it("keeps the secret across updates that do not rotate", async () => {
    const { id, outs } = await provider.create(await checked({ rotation: "1" }));
    const { outs: after } = await provider.update!(id, outs, await checked({ rotation: "1", headerName: "X-Hook" }));
    expect(after.current).toBe(outs.current);
    expect(after.headers).toEqual({ "X-Hook": outs.current });
  });

  it("rotation makes a new current secret and keeps accepting the previous one", async () => {
    const { id, outs } = await provider.create(await checked({ rotation: "1" }));
    const news = await checked({ rotation: "2" });
    expect((await provider.diff!(id, outs, news)).changes).toBe(true);
    const { outs: rotated } = await provider.update!(id, outs, news);
    expect(rotated.current).not.toBe(outs.current);
    expect(rotated.previous).toBe(outs.current);
    expect(rotated.acceptedSecrets).toEqual([rotated.current, outs.current]);

    const { outs: retired } = await provider.update!(id, rotated, await checked({ rotation: "2", retirePrevious: true }));
    expect(retired.acceptedSecrets).toEqual([rotated.current]);
    expect(retired).not.toHaveProperty("previous");
  });

  it("rejects a header name that is not an HTTP token", async () => {
    const result = await provider.check!({}, { headerName: "X Bad" });
    expect(result.failures).toEqual([{ property: "headerName", reason: "headerName must be a valid HTTP header name" }]);
  });
});
