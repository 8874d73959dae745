import { compareWebhook, sameEndpoint, sameHeaders } from "../../provider/webhook/diff";
import type { WebhookOutputs } from "../../provider/webhook/outputs";
import { UNKNOWN } from "../../provider/core/unknown";

const recorded: WebhookOutputs = {
  webhookId: 12,
  url: "https://api.opensolar.com/api/orgs/7/webhooks/12/",
  orgId: 7,
  endpoint: "https://hooks.example.com/a",
  headers: { "X-Token": "one" },
  enabled: true,
  debug: false,
  triggerFields: ["project.stage", "contact.*"],
  payloadFields: ["project.id"],
  allowInsecureEndpoint: false,
  onDelete: "delete",
};
const desired = {
  orgId: 7,
  endpoint: "https://hooks.example.com/a",
  headers: { "X-Token": "one" },
  enabled: true,
  debug: false,
  triggerFields: ["project.stage", "contact.*"],
  payloadFields: ["project.id"],
  allowInsecureEndpoint: false,
  onDelete: "delete",
};

describe("compareWebhook", () => {
  it("finds nothing when the webhook matches", () => {
    expect(compareWebhook(recorded, desired)).toEqual({ patch: {}, changed: [], replaces: [] });
  });

  it("compares lists as sets: order and repeats are not changes", () => {
    const reordered = { ...desired, triggerFields: ["contact.*", "project.stage", "contact.*"] };
    expect(compareWebhook(recorded, reordered).changed).toEqual([]);
  });

  it("patches only what changed, in OpenSolar's vocabulary", () => {
    const changes = compareWebhook(recorded, { ...desired, triggerFields: ["project.stage"], enabled: false });
    expect(changes.patch).toEqual({ trigger_fields: ["project.stage"], enabled: false });
    expect(changes.replaces).toEqual([]);
  });

  it("sends headers as a JSON string", () => {
    const changes = compareWebhook(recorded, { ...desired, headers: { "X-Token": "two" } });
    expect(changes.patch).toEqual({ headers: '{"X-Token":"two"}' });
  });

  it("replaces when the org changes", () => {
    const changes = compareWebhook(recorded, { ...desired, orgId: 8 });
    expect(changes.replaces).toEqual(["orgId"]);
  });

  it("sees a null list recorded by OpenSolar as different from any declared list", () => {
    const changes = compareWebhook({ ...recorded, triggerFields: null }, desired);
    expect(changes.patch).toEqual({ trigger_fields: desired.triggerFields });
  });

  it("counts provider-only settings as changes without patching OpenSolar", () => {
    const changes = compareWebhook(recorded, { ...desired, onDelete: "disable" });
    expect(changes.changed).toEqual(["onDelete"]);
    expect(changes.patch).toEqual({});
  });

  it("ignores adoptWebhookId after creation", () => {
    expect(compareWebhook(recorded, { ...desired, adoptWebhookId: 99 }).changed).toEqual([]);
  });

  it("treats unknown values as changes, and an unknown org as a replacement", () => {
    expect(compareWebhook(recorded, { ...desired, endpoint: UNKNOWN }).changed).toEqual(["endpoint"]);
    expect(compareWebhook(recorded, { ...desired, headers: { "X-Token": UNKNOWN } }).changed).toEqual(["headers"]);
    expect(compareWebhook(recorded, { ...desired, orgId: UNKNOWN }).replaces).toEqual(["orgId"]);
  });
});

describe("compareWebhook where HTTP says equal", () => {
  it("sees no change when OpenSolar answers the header names in another case", () => {
    const changes = compareWebhook({ ...recorded, headers: { "x-token": "one" } }, desired);
    expect(changes).toEqual({ patch: {}, changed: [], replaces: [] });
  });

  it("still sees a changed header value, even in another case of the name", () => {
    const changes = compareWebhook({ ...recorded, headers: { "x-token": "ONE" } }, desired);
    expect(changes.patch).toEqual({ headers: '{"X-Token":"one"}' });
  });

  it("sees no change when OpenSolar answers the endpoint with a lower-case host and the default port", () => {
    const changes = compareWebhook({ ...recorded, endpoint: "https://hooks.example.com:443/a" }, { ...desired, endpoint: "HTTPS://Hooks.Example.COM/a" });
    expect(changes.changed).toEqual([]);
  });

  it("still patches any other endpoint difference (path case, trailing slash)", () => {
    expect(compareWebhook({ ...recorded, endpoint: "https://hooks.example.com/A" }, desired).patch).toEqual({ endpoint: desired.endpoint });
    expect(compareWebhook({ ...recorded, endpoint: "https://hooks.example.com/a/" }, desired).patch).toEqual({ endpoint: desired.endpoint });
  });

  it("ignores the ownership marker on either side", () => {
    const marker = "X-Pulumi-Opensolar-Owner-0123456789abcdef0123-abcdef012345";
    expect(compareWebhook({ ...recorded, headers: { "X-Token": "one", [marker]: "managed" } }, desired).changed).toEqual([]);
    expect(compareWebhook(recorded, { ...desired, headers: { "X-Token": "one", [marker.toLowerCase()]: "x" } }).changed).toEqual([]);
  });
});

describe("sameEndpoint", () => {
  it.each<[string, string]>([
    ["https://example.com/a", "https://example.com/a"],
    ["HTTPS://EXAMPLE.com/a", "https://example.com/a"],
    ["https://example.com:443/a", "https://example.com/a"],
    ["https://example.com:/a", "https://example.com/a"],
    ["http://example.com:80/a?b=c", "http://example.com/a?b=c"],
    ["http://[::1]:80/a", "http://[::1]/a"],
    ["https://Example.com:443", "https://example.com"],
  ])("%s equals %s", (a, b) => {
    expect(sameEndpoint(a, b)).toBe(true);
    expect(sameEndpoint(b, a)).toBe(true);
  });

  it.each<[string, string]>([
    ["https://example.com/a", "https://example.com/A"],
    ["https://example.com/a", "https://example.com/a/"],
    ["https://example.com", "https://example.com/"],
    ["https://example.com:80/a", "https://example.com/a"],
    ["http://example.com:443/a", "http://example.com/a"],
    ["http://example.com/a", "https://example.com/a"],
    ["https://example.com:8443/a", "https://example.com/a"],
    ["https://example.com/a?b=c", "https://example.com/a?B=c"],
    ["https://example.com./a", "https://example.com/a"],
    ["not a url", "NOT A URL"],
  ])("%s differs from %s", (a, b) => {
    expect(sameEndpoint(a, b)).toBe(false);
    expect(sameEndpoint(b, a)).toBe(false);
  });
});

describe("sameHeaders", () => {
  it("compares names without case and values exactly", () => {
    expect(sameHeaders({ Authorization: "Bearer x" }, { authorization: "Bearer x" })).toBe(true);
    expect(sameHeaders({ Authorization: "Bearer x" }, { authorization: "bearer x" })).toBe(false);
    expect(sameHeaders({ A: "1" }, { A: "1", B: "2" })).toBe(false);
    expect(sameHeaders(undefined, {})).toBe(true);
  });

  it("calls two names that differ only by case on one side a change", () => {
    expect(sameHeaders({ "X-A": "1", "x-a": "1" }, { "X-A": "1" })).toBe(false);
  });
});
