import * as pulumi from "@pulumi/pulumi";
import type { OpenSolarWebhook } from "../../provider/dynamic/webhook";
import type { WebhookSecret } from "../../provider/dynamic/webhook-secret";
import { valueOf } from "../../testkit/output-value";

// The resource classes under Pulumi's mocks: every declared output is read from the state
// the engine hands back, also when its input was left out (the SDK creates an output only
// for the keys a class registers). Mocks neither run the provider's CRUD nor apply
// additionalSecretOutputs; the e2e suite checks both with the real engine.

/** The names of a resource's declared outputs, beside `id` and `urn`. */
type OutputNames<R> = Exclude<{ [K in keyof R]-?: R[K] extends pulumi.Output<unknown> ? K : never }[keyof R], "id" | "urn">;

const WEBHOOK_TYPE = "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook";
const SECRET_TYPE = "pulumi-nodejs:dynamic/opensolar:WebhookSecret";

// What the provider would return, a different value for each output, so that an output
// missing or read from another key fails. Typed by the classes: a new output must be added here.
const WEBHOOK_STATE: Record<OutputNames<OpenSolarWebhook>, unknown> = {
  webhookId: 5,
  url: "https://api.opensolar.example/api/orgs/7/webhooks/5/",
  orgId: 7,
  endpoint: "https://hooks.example.com/x",
  headers: { "X-Hook": "state-header-value" },
  enabled: false,
  debug: true,
  triggerFields: null,
  payloadFields: ["project.id"],
  allowInsecureEndpoint: false,
  onDelete: "disable",
  createdDate: "2026-01-02T03:04:05Z",
  ownerMarker: "X-Pulumi-Opensolar-Owner-state",
  lateCopies: [9],
  endpointStoredAs: { sent: "https://hooks.example.com/x", stored: "https://hooks.example.com/x/" },
};
const SECRET_STATE: Record<OutputNames<WebhookSecret>, unknown> = {
  current: "current-from-state",
  previous: "previous-from-state",
  headerName: "X-From-State",
  headers: { "X-From-State": "current-from-state" },
  acceptedSecrets: ["current-from-state", "previous-from-state"],
};

const registered: Array<{ type: string; name: string }> = [];
const inputsOf = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name });
        inputsOf.set(args.name, args.inputs as Record<string, unknown>);
        const state = { [WEBHOOK_TYPE]: WEBHOOK_STATE, [SECRET_TYPE]: SECRET_STATE, "acme:index:Hooks": {} }[args.type];
        if (!state) throw new Error(`unexpected resource type ${args.type}`);
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

/** Each named output's value, or a note that the resource has no such output. */
async function outputsOf(resource: pulumi.Resource, names: readonly string[]): Promise<Record<string, unknown>> {
  const fields = resource as unknown as Record<string, unknown>;
  const entries = await Promise.all(
    names.map(async (name) => {
      const output = fields[name];
      return [name, pulumi.Output.isInstance(output) ? await valueOf(output) : "(no such output)"] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe("OpenSolarWebhook", () => {
  it("has every declared output with only an endpoint given, registered under its type token", async () => {
    const { OpenSolarWebhook } = await import("../../provider/dynamic/webhook");
    const webhook = new OpenSolarWebhook("minimal", { endpoint: "https://hooks.example.com/x" });
    expect(await outputsOf(webhook, Object.keys(WEBHOOK_STATE))).toEqual(WEBHOOK_STATE);
    expect(registered).toContainEqual({ type: WEBHOOK_TYPE, name: "minimal" });
  });
});

describe("OpenSolarWebhook's registration", () => {
  it("leaves Error.stackTraceLimit as it found it (it is lowered only while the SDK makes the outputs' promises)", async () => {
    const { OpenSolarWebhook } = await import("../../provider/dynamic/webhook");
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 23;
    try {
      new OpenSolarWebhook("limit-kept", { endpoint: "https://hooks.example.com/x" });
      expect(Error.stackTraceLimit).toBe(23);
    } finally {
      Error.stackTraceLimit = before;
    }
  });

  it("keeps the promise stamps when PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
    const { registrationStackLimit } = await import("../../provider/dynamic/promise-stacks");
    expect(registrationStackLimit()).toBe(0);
    process.env["PULUMI_DEBUG_PROMISE_LEAKS"] = "true";
    try {
      expect(registrationStackLimit()).toBeUndefined();
    } finally {
      delete process.env["PULUMI_DEBUG_PROMISE_LEAKS"];
    }
  });

  it("sends the owner key of its identity: computed at once at the root, from the parent's URN under a parent", async () => {
    const { OpenSolarWebhook } = await import("../../provider/dynamic/webhook");
    const { ownerKeyOf } = await import("../../provider/webhook/owner-marker");
    const parent = new pulumi.ComponentResource("acme:index:Hooks", "hooks", {}, {});
    new OpenSolarWebhook("at-root", { endpoint: "https://hooks.example.com/x" });
    new OpenSolarWebhook("under-parent", { endpoint: "https://hooks.example.com/y" }, { parent });
    const parentUrn = await valueOf(parent.urn);
    await valueOf(new OpenSolarWebhook("last", { endpoint: "https://hooks.example.com/z" }).urn);
    // Mocks name no Pulumi organization: the class then uses "".
    const organization = "";
    expect(inputsOf.get("at-root")?.["ownerKey"]).toBe(ownerKeyOf([organization, "project", "stack", "", "at-root"]));
    expect(inputsOf.get("under-parent")?.["ownerKey"]).toBe(ownerKeyOf([organization, "project", "stack", parentUrn, "under-parent"]));
  });
});

describe("WebhookSecret", () => {
  it("has every declared output without arguments, registered under its type token", async () => {
    const { WebhookSecret } = await import("../../provider/dynamic/webhook-secret");
    const secret = new WebhookSecret("no-args");
    expect(await outputsOf(secret, Object.keys(SECRET_STATE))).toEqual(SECRET_STATE);
    expect(registered).toContainEqual({ type: SECRET_TYPE, name: "no-args" });
  });
});
