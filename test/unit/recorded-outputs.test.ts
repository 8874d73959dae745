import * as pulumi from "@pulumi/pulumi";
import type { OpenSolarWebhook } from "../../provider/dynamic/webhook";

// The outputs OpenSolarWebhook makes only when a program reads them (recorded-outputs.ts),
// in a preview under Pulumi's mocks: each must be what a registered property would be, known
// where the engine's record holds a value, unknown where the provider has yet to make it,
// secret where the record or additionalSecretOutputs says so.

const WEBHOOK_TYPE = "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.type !== WEBHOOK_TYPE) throw new Error(`unexpected resource type ${args.type}`);
        // As a preview of a create records it: the checked inputs, nothing OpenSolar makes.
        const state: Record<string, unknown> = { ...args.inputs, enabled: true, onDelete: "delete", url: `https://api.example/${args.name}/` };
        // A secret header makes the SDK mark the whole record secret: no output should inherit that.
        state["headers"] = pulumi.secret({ "X-Hook": "header-value" });
        return { id: "", state };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

interface Seen {
  known: boolean;
  secret: boolean;
  value: unknown;
}

/** What a program would see of `output` in this preview. */
async function seen(output: pulumi.Output<unknown>): Promise<Seen> {
  const internals = output as unknown as { isKnown: Promise<boolean>; promise(withUnknowns?: boolean): Promise<unknown> };
  return { known: await internals.isKnown, secret: await pulumi.isSecret(output), value: await internals.promise() };
}

async function webhook(name: string, opts?: pulumi.CustomResourceOptions): Promise<OpenSolarWebhook> {
  const { OpenSolarWebhook } = await import("../../provider/dynamic/webhook");
  return new OpenSolarWebhook(name, { endpoint: "https://hooks.example.com/x" }, opts);
}

describe("OpenSolarWebhook's outputs made when read, in a preview", () => {
  it("are known where the record holds a value, also for an input left out", async () => {
    const hook = await webhook("plain");
    expect(await seen(hook.url)).toEqual({ known: true, secret: false, value: "https://api.example/plain/" });
    expect(await seen(hook.enabled)).toEqual({ known: true, secret: false, value: true });
    expect(await seen(hook.onDelete)).toEqual({ known: true, secret: false, value: "delete" });
  });

  it("are unknown where the provider has yet to make the value", async () => {
    const hook = await webhook("fresh");
    for (const output of [hook.createdDate, hook.ownerMarker, hook.lateCopies, hook.endpointStoredAs, hook.orgId]) {
      expect((await seen(output)).known).toBe(false);
    }
  });

  it("are secret where additionalSecretOutputs names them, and only there (the secret headers do not spread)", async () => {
    const hidden = await webhook("hidden", { additionalSecretOutputs: ["url"] });
    expect(await seen(hidden.url)).toEqual({ known: true, secret: true, value: "https://api.example/hidden/" });
    expect(await seen(hidden.enabled)).toEqual({ known: true, secret: false, value: true });
  });

  it("depend on their resource, and are made once however often they are read", async () => {
    const hook = await webhook("read-twice");
    expect(hook.url).toBe(hook.url);
    const resources = await (hook.url as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
    expect([...resources]).toContain(hook);
  });
});
