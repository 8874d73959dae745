import { compareWebhook } from "../../provider/diff";
import type { WebhookOutputs } from "../../provider/outputs";
import { UNKNOWN } from "../../provider/unknown";

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
