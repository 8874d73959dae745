import * as pulumi from "@pulumi/pulumi";

// The resource classes under Pulumi's mocks: every declared output exists even when its
// input was left out. (Mocks neither run the provider's CRUD nor apply
// additionalSecretOutputs; the e2e suite checks both with the real engine.)

const registered: Array<{ type: string; inputs: Record<string, unknown> }> = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, inputs: args.inputs });
        const state = args.type.endsWith(":OpenSolarWebhook")
          ? { ...args.inputs, webhookId: 5, url: "https://api/5/", orgId: 1, enabled: true, debug: false, headers: {} }
          : { ...args.inputs, current: "c", headerName: "X-OpenSolar-Webhook-Secret", acceptedSecrets: ["c"] };
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe("OpenSolarWebhook", () => {
  it("has every output even with minimal inputs, and a typed token", async () => {
    const { OpenSolarWebhook } = await import("../../provider/webhook");
    const webhook = new OpenSolarWebhook("minimal", { endpoint: "https://hooks.example.com/x" });
    expect(await valueOf(webhook.webhookId)).toBe(5);
    expect(await valueOf(webhook.enabled)).toBe(true);
    expect(await valueOf(webhook.orgId)).toBe(1);
    expect(registered.find((r) => r.type === "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook")).toBeDefined();
  });
});

describe("WebhookSecret", () => {
  it("has its header name output without arguments", async () => {
    const { WebhookSecret } = await import("../../provider/webhook-secret");
    const secret = new WebhookSecret("s");
    expect(await valueOf(secret.headerName)).toBe("X-OpenSolar-Webhook-Secret");
    expect(await valueOf(secret.acceptedSecrets)).toEqual(["c"]);
  });
});
