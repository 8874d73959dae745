import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler, sendTestDelivery, verifySharedSecret, type WebhookPayload } from "pulumi-opensolar/receiver";

// Rotation: configure the receiver with [new, old], move the webhook to the new secret,
// then drop the old one. Deliveries keep arriving throughout.
describe("secret rotation", () => {
  it("accepts the current and the previous secret while rotating, and only those", () => {
    const rotating = { secrets: ["new-secret", "old-secret"] } as const;
    const header = (value: string) => ({ "x-opensolar-webhook-secret": value });
    expect(verifySharedSecret(header("new-secret"), rotating)).toBe(true);
    expect(verifySharedSecret(header("old-secret"), rotating)).toBe(true);
    expect(verifySharedSecret(header("older-secret"), rotating)).toBe(false);
    // An unset previous secret (say, an empty environment variable read as undefined) means none.
    expect(verifySharedSecret(header("old-secret"), { secrets: ["new-secret", undefined] })).toBe(false);
  });

  it("keeps a running receiver accepting deliveries through a rotation", async () => {
    const received: WebhookPayload[] = [];
    const serve = async (secrets: readonly [string, string?]): Promise<{ server: Server; url: string }> => {
      const server = createServer(createNodeHandler({ secrets, awaitHandler: true }, (payload) => void received.push(payload)));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    };
    const close = (server: Server) => new Promise((resolve) => server.close(resolve));

    const during = await serve(["new-secret", "old-secret"]);
    expect((await sendTestDelivery(during.url, { secret: "old-secret" })).status).toBe(200);
    expect((await sendTestDelivery(during.url, { secret: "new-secret" })).status).toBe(200);
    await close(during.server);

    const after = await serve(["new-secret"]);
    expect((await sendTestDelivery(after.url, { secret: "old-secret" })).status).toBe(401);
    expect((await sendTestDelivery(after.url, { secret: "new-secret" })).status).toBe(200);
    await close(after.server);
    expect(received).toHaveLength(3);
  });
});
