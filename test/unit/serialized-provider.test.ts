import * as pulumi from "@pulumi/pulumi";
import { selfInstallingProvider } from "../../provider/core/lazy-provider";
import { webhookStub } from "../../provider/dynamic/webhook-provider";

// The engine serializes the provider object into every resource's state. What that text
// holds is checked here with the SDK's own serializer; the e2e suite checks it in state.

/** Evaluates a serialized provider as the dynamic provider host does, with this file's `require`. */
function deserialized(text: string): pulumi.dynamic.ResourceProvider {
  const module = { exports: {} as { handler?: () => pulumi.dynamic.ResourceProvider } };
  new Function("module", "exports", "require", text)(module, module.exports, require);
  const provider = module.exports.handler?.();
  if (!provider) throw new Error("the serialized text exports no handler");
  return provider;
}

/** Stack config as the host hands it to configure: none set. */
const NO_CONFIG = { config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest;

describe("the serialized provider", () => {
  let text: string;

  beforeAll(async () => {
    process.env["OPENSOLAR_API_TOKEN"] = "token-that-must-not-be-captured";
    const serialized = await pulumi.runtime.serializeFunction(() => webhookStub, { allowSecrets: false });
    text = serialized.text;
  });

  it("is small", () => {
    // Copied twice into every resource's state: 3.3 KB, then 2.3 KB with one loader closure
    // and bare bodies, then 1.4 KB (as built) once configure alone loads the implementation.
    expect(text.length).toBeLessThan(2 * 1024);
  });

  it("loads the implementation by package name at run time", () => {
    expect(text).toContain("pulumi-opensolar/internal/webhook-provider");
  });

  it("captures no token, no HTTP client and no schema library", () => {
    expect(text).not.toContain("token-that-must-not-be-captured");
    expect(text).not.toMatch(/axios|zod|OpenSolarClient/);
  });

  it("still runs: once configured as the host does, the deserialized copy checks inputs like the original", async () => {
    const provider = deserialized(text);
    await provider.configure?.(NO_CONFIG);
    const result = await provider.check?.({}, { endpoint: "https://example.com/h", orgId: 1 });
    expect(result?.failures).toBeUndefined();
    expect(result?.inputs).toMatchObject({ endpoint: "https://example.com/h", orgId: 1, enabled: true });
  });
});

describe("a serialized provider whose implementation does not load", () => {
  it("fails configure and then every method with the module's own error, never with the host's default", async () => {
    const stub = selfInstallingProvider("pulumi-opensolar/internal/no-such-provider");
    const provider = deserialized((await pulumi.runtime.serializeFunction(() => stub, { allowSecrets: false })).text);
    expect(() => provider.configure?.(NO_CONFIG)).toThrow(/Cannot find module 'pulumi-opensolar\/internal\/no-such-provider'/);
    // The host caches the provider before configuring it: later calls reach the placeholders.
    expect(() => provider.delete?.("1001", {})).toThrow(/Cannot find module 'pulumi-opensolar\/internal\/no-such-provider'/);
    expect(() => provider.read?.("1001", {})).toThrow(/Cannot find module/);
    expect(() => provider.check?.({}, {})).toThrow(/Cannot find module/);
  });
});
