import type { Simulator } from "pulumi-opensolar/simulator";
import * as provider from "../../provider/dynamic/webhook-implementation";
import { OWNER_HEADER_PREFIX } from "../../provider/webhook/owner-marker";
import { mutations, ORG } from "../../testkit/test-simulator";
import { newOwnerKey, startProviderSimulator } from "./provider-env";

// Ownership is evidence: the provider takes, changes or deletes only what its state records
// or what carries its own marker. Driven as the engine would, against the simulator.

let simulator: Simulator;
beforeEach(async () => {
  simulator = await startProviderSimulator();
});
afterEach(() => simulator.close());

const declared = {
  endpoint: "https://hooks.example.com/ownership",
  headers: { Authorization: "Token ownership-secret-4410" },
  triggerFields: ["project.stage"],
  payloadFields: ["project.id"],
};

async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await provider.check({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

function markerNames(orgId: number, id: number): string[] {
  const stored = simulator.getWebhook(orgId, id);
  return Object.keys(JSON.parse(stored?.headers ?? "{}") as Record<string, string>).filter((name) =>
    name.startsWith(OWNER_HEADER_PREFIX),
  );
}

/** A webhook as an earlier, killed attempt of the resource `ownerKey` would have left it. */
function orphanOf(ownerKey: string, nonce = "a1b2c3d4e5f6"): number {
  const headers = { ...declared.headers, [`${OWNER_HEADER_PREFIX}${ownerKey}-${nonce}`]: "managed-by-pulumi-opensolar" };
  return simulator.seedWebhook(ORG, { ...toWire(declared), headers: JSON.stringify(headers) }).id;
}

/**
 * A create whose first POST met a reset, so its outcome was unknown: only such a create can
 * have a late copy (a copy carries the create's marker, and only a lost POST can make one).
 */
async function createdUncertainly(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  simulator.addFault({ method: "POST", path: `/api/orgs/${ORG}/webhooks/`, reset: true, times: 1 });
  const { id, outs } = await provider.create(inputs);
  expect((outs as Record<string, unknown>)["copiesRuledOut"]).toBeUndefined();
  return { id, outs: outs as Record<string, unknown> };
}

function toWire(d: typeof declared) {
  return { endpoint: d.endpoint, enabled: true, debug: false, trigger_fields: d.triggerFields, payload_fields: d.payloadFields };
}

describe("ownership", () => {
  it("never takes a hand-made webhook equal to the declaration: it creates its own", async () => {
    const handMade = simulator.seedWebhook(ORG, { ...toWire(declared), headers: JSON.stringify(declared.headers) });
    const { id, outs } = await provider.create(await checked({ ...declared, ownerKey: newOwnerKey() }));

    expect(Number(id)).not.toBe(handMade.id);
    expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);
    expect(simulator.getWebhook(ORG, handMade.id)?.headers).toBe(JSON.stringify(declared.headers));
    // The new webhook carries its marker; outputs show the declared headers only.
    expect(markerNames(ORG, Number(id))).toEqual([outs["ownerMarker"]]);
    expect(outs["headers"]).toEqual(declared.headers);
  });

  it("never takes another resource's webhook, even with the same content (rename, other stack, --target)", async () => {
    const other = orphanOf(newOwnerKey());
    const { id } = await provider.create(await checked({ ...declared, ownerKey: newOwnerKey() }));

    expect(Number(id)).not.toBe(other);
    expect(simulator.webhooks(ORG).map((webhook) => webhook.id).sort()).toEqual([other, Number(id)].sort());
  });

  it("takes the webhook its own killed attempt left (same owner key), newest first, deleting older copies", async () => {
    const ownerKey = newOwnerKey();
    const older = orphanOf(ownerKey, "000000000001");
    const newer = orphanOf(ownerKey, "000000000002");
    const { id } = await provider.create(await checked({ ...declared, ownerKey }));

    expect(Number(id)).toBe(newer);
    expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${older}/`]);
    expect(simulator.webhooks(ORG).map((webhook) => webhook.id)).toEqual([newer]);
  });

  it("takes its own orphan under masked header values and writes the declared secret", async () => {
    simulator.setOptions({ maskHeaderValues: true });
    const ownerKey = newOwnerKey();
    const orphan = orphanOf(ownerKey);
    const { id, outs } = await provider.create(await checked({ ...declared, ownerKey }));

    expect(Number(id)).toBe(orphan);
    // The masked value cannot be compared, so it is written: OpenSolar holds the declared one.
    expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${orphan}/`]);
    const stored = JSON.parse(simulator.getWebhook(ORG, orphan)?.headers ?? "{}") as Record<string, string>;
    expect(stored["Authorization"]).toBe(declared.headers.Authorization);
    expect(outs["headers"]).toEqual(declared.headers);
  });

  it("adoptWebhookId under masked values writes the declared headers instead of trusting the mask", async () => {
    simulator.setOptions({ maskHeaderValues: true });
    const handMade = simulator.seedWebhook(ORG, {
      ...toWire(declared),
      headers: JSON.stringify({ Authorization: "Token leaked-old-secret" }),
    });
    const { id, outs } = await provider.create(await checked({ ...declared, adoptWebhookId: handMade.id, ownerKey: newOwnerKey() }));

    expect(Number(id)).toBe(handMade.id);
    expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${handMade.id}/`]);
    const stored = JSON.parse(simulator.getWebhook(ORG, handMade.id)?.headers ?? "{}") as Record<string, string>;
    expect(stored["Authorization"]).toBe(declared.headers.Authorization);
    // From now on it carries this resource's marker.
    expect(markerNames(ORG, handMade.id)).toEqual([outs["ownerMarker"]]);
  });

  it("a partially masked value (sk_l****) is never stored in state as a value", async () => {
    const { id, outs } = await provider.create(await checked({ ...declared, ownerKey: newOwnerKey() }));
    const marker = String(outs["ownerMarker"]);
    simulator.editWebhook(ORG, Number(id), {
      headers: JSON.stringify({ Authorization: "Toke****", "X-Added": "sk_l****", [marker]: "managed-by-pulumi-opensolar" }),
    });
    const read = await provider.read(id, outs);
    const headers = (read.props as Record<string, unknown>)["headers"] as Record<string, string>;

    expect(headers["Authorization"]).toBe(declared.headers.Authorization);
    expect(headers["X-Added"]).not.toMatch(/sk_l/);
    // It equals no declared value, so the next diff asks for a write.
    const diff = await provider.diff(id, read.props ?? {}, await checked(declared));
    expect(diff.changes).toBe(true);
  });

  it("finds a late copy of its own create on refresh, shows it, and deletes only it on update", async () => {
    const inputs = await checked({ ...declared, ownerKey: newOwnerKey() });
    const { id, outs } = await createdUncertainly(inputs);
    const marker = String(outs["ownerMarker"]);
    // A lost POST of the same create call, committed after the provider stopped looking.
    const late = simulator.seedWebhook(ORG, {
      ...toWire(declared),
      headers: JSON.stringify({ ...declared.headers, [marker]: "managed-by-pulumi-opensolar" }),
    }).id;
    // Another resource's webhook with equal content: never touched.
    const foreign = orphanOf(newOwnerKey());

    const read = await provider.read(id, outs);
    expect((read.props as Record<string, unknown>)["lateCopies"]).toEqual([late]);
    expect((read.inputs as Record<string, unknown>)["lateCopies"]).toEqual([late]);
    const diff = await provider.diff(id, read.props ?? {}, inputs);
    expect(diff.changes).toBe(true);

    simulator.clearRequests();
    const updated = await provider.update(id, read.props ?? {}, inputs);
    expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${late}/`]);
    expect((updated.outs as Record<string, unknown>)["lateCopies"]).toBeUndefined();
    expect(simulator.webhooks(ORG).map((webhook) => webhook.id).sort()).toEqual([Number(id), foreign].sort());
  });

  it("a create answered at its first POST rules copies out: refresh reads the webhook by id, destroy sends its DELETE alone", async () => {
    const { id, outs } = await provider.create(await checked({ ...declared, ownerKey: newOwnerKey() }));
    expect(outs["copiesRuledOut"]).toBe(true);
    simulator.clearRequests();
    const read = await provider.read(id, outs);
    expect((read.props as Record<string, unknown>)["copiesRuledOut"]).toBe(true);
    await provider.delete(id, read.props ?? {});
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /api/orgs/${ORG}/webhooks/${id}/`,
      `DELETE /api/orgs/${ORG}/webhooks/${id}/`,
    ]);
  });

  it("a marker first written by a PATCH (adoption, import) rules copies out too", async () => {
    const handMade = simulator.seedWebhook(ORG, { ...toWire(declared), headers: JSON.stringify(declared.headers) });
    const adopted = await provider.create(await checked({ ...declared, ownerKey: newOwnerKey(), adoptWebhookId: handMade.id }));
    expect(adopted.outs["copiesRuledOut"]).toBe(true);
    // Imported: state records no marker until the first update that sends a change writes one.
    const imported = simulator.seedWebhook(ORG, { ...toWire(declared), headers: JSON.stringify(declared.headers) });
    const read = await provider.read(String(imported.id), { orgId: ORG });
    const { outs } = await provider.update(String(imported.id), read.props ?? {}, await checked({ ...declared, enabled: false, ownerKey: newOwnerKey() }));
    expect(outs?.["ownerMarker"]).toEqual(expect.any(String));
    expect(outs?.["copiesRuledOut"]).toBe(true);
  });

  it("destroy deletes the webhook and its own late copies, nothing else", async () => {
    const { id, outs } = await createdUncertainly(await checked({ ...declared, ownerKey: newOwnerKey() }));
    const marker = String(outs["ownerMarker"]);
    const late = simulator.seedWebhook(ORG, {
      ...toWire(declared),
      headers: JSON.stringify({ ...declared.headers, [marker]: "managed-by-pulumi-opensolar" }),
    }).id;
    const handMade = simulator.seedWebhook(ORG, { ...toWire(declared), headers: JSON.stringify(declared.headers) }).id;
    simulator.clearRequests();

    await provider.delete(id, outs);
    expect(mutations(simulator).sort()).toEqual(
      [`DELETE /api/orgs/${ORG}/webhooks/${id}/`, `DELETE /api/orgs/${ORG}/webhooks/${late}/`].sort(),
    );
    expect(simulator.webhooks(ORG).map((webhook) => webhook.id)).toEqual([handMade]);
  });

  it("a PATCH of headers keeps the marker", async () => {
    const inputs = await checked({ ...declared, ownerKey: newOwnerKey() });
    const { id, outs } = await provider.create(inputs);
    const changed = await checked({ ...declared, headers: { Authorization: "Token rotated-9921" }, ownerKey: inputs["ownerKey"] });
    await provider.update(id, outs, changed);

    expect(markerNames(ORG, Number(id))).toEqual([outs["ownerMarker"]]);
  });

  it("delete without orgId in state uses the default org, as read does", async () => {
    const { id, outs } = await provider.create(await checked({ ...declared, ownerKey: newOwnerKey() }));
    const { orgId: _dropped, ...withoutOrg } = outs as Record<string, unknown>;
    simulator.clearRequests();

    await provider.delete(id, withoutOrg);
    expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${id}/`]);
    expect(simulator.getWebhook(ORG, Number(id))).toBeUndefined();
  });

  it("an import of a copy made by another resource's lost request records neither that marker nor its twin", async () => {
    // Another resource's webhook and a late copy of it: both carry that resource's marker.
    const theirs = orphanOf(newOwnerKey(), "0f0f0f0f0f0f");
    const headers = JSON.parse(simulator.getWebhook(ORG, theirs)?.headers ?? "{}") as Record<string, string>;
    const copy = simulator.seedWebhook(ORG, { ...toWire(declared), headers: JSON.stringify(headers) }).id;
    simulator.clearRequests();

    // `pulumi import` of the copy: Read with the id alone, nothing recorded.
    const imported = await provider.read(String(copy), { orgId: ORG });
    expect(imported.props?.["lateCopies"]).toBeUndefined();
    expect(imported.props?.["ownerMarker"]).toBeUndefined();

    // Its first write gives it this resource's own marker; the other webhook is never touched.
    const inputs = await checked({ ...declared, headers: { Authorization: "Token imported-5150" }, ownerKey: newOwnerKey() });
    const { outs } = await provider.update(String(copy), imported.props ?? {}, inputs);
    expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${copy}/`]);
    expect(markerNames(ORG, copy)).toEqual([outs["ownerMarker"]]);
    expect(markerNames(ORG, theirs)).toHaveLength(1);
    await provider.delete(String(copy), outs);
    expect(simulator.getWebhook(ORG, theirs)).toBeDefined();
  });

  it("check refuses an ownerKey that the resource class did not make", async () => {
    const result = await provider.check({}, { ...declared, ownerKey: "not-a-key" });
    expect(result.failures).toEqual([expect.objectContaining({ property: "ownerKey" })]);
  });
});
