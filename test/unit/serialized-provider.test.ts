import * as pulumi from "@pulumi/pulumi";
import { webhookProvider } from "../../provider/dynamic/webhook-provider";

// The engine serializes the provider object into every resource's state. What that text
// holds is checked here with the SDK's own serializer; the e2e suite checks it in state.
describe("the serialized provider", () => {
  let text: string;

  beforeAll(async () => {
    process.env["OPENSOLAR_API_TOKEN"] = "token-that-must-not-be-captured";
    const serialized = await pulumi.runtime.serializeFunction(() => webhookProvider, { allowSecrets: false });
    text = serialized.text;
  });

  it("is small", () => {
    // Copied into every resource's state: 3.3 KB before its methods lost their comments and the loader its second function.
    expect(text.length).toBeLessThan(2.5 * 1024);
  });

  it("loads the implementation by package name at run time", () => {
    expect(text).toContain("pulumi-opensolar/internal/webhook-provider");
  });

  it("captures no token, no HTTP client and no schema library", () => {
    expect(text).not.toContain("token-that-must-not-be-captured");
    expect(text).not.toMatch(/axios|zod|OpenSolarClient/);
  });

  it("still runs: the deserialized copy checks inputs like the original", async () => {
    const module = { exports: {} as { handler?: () => pulumi.dynamic.ResourceProvider } };
    new Function("module", "exports", "require", text)(module, module.exports, require);
    const provider = module.exports.handler?.();
    const result = await provider?.check?.({}, { endpoint: "https://example.com/h", orgId: 1 });
    expect(result?.failures).toBeUndefined();
    expect(result?.inputs).toMatchObject({ endpoint: "https://example.com/h", orgId: 1, enabled: true });
  });
});
