import type { Simulator } from "pulumi-opensolar/simulator";
import * as provider from "../../provider/dynamic/webhook-implementation";
import { OWNER_HEADER_PREFIX } from "../../provider/webhook/owner-marker";
import { ORG } from "../../testkit/test-simulator";
import { newOwnerKey, startProviderSimulator } from "./provider-env";

// The look a create takes before its POST, for a webhook an earlier attempt of the same
// resource left: one listing per org and process answers "none" for every resource this
// process has not POSTed for; anything else is looked up in a listing taken now.

let simulator: Simulator;
beforeEach(async () => {
  simulator = await startProviderSimulator();
});
afterEach(() => simulator.close());

const LIST = `/api/orgs/${ORG}/webhooks/`;

const declared = {
  endpoint: "https://hooks.example.com/attempts",
  headers: { Authorization: "Token attempts-secret-7720" },
  triggerFields: ["project.stage"],
  payloadFields: ["project.id"],
};

async function created(ownerKey: string): Promise<number> {
  const checked = await provider.check({}, { ...declared, ownerKey });
  expect(checked.failures ?? []).toEqual([]);
  return Number((await provider.create(checked.inputs as Record<string, unknown>)).id);
}

function calls(method: string, path: string): number {
  return simulator.requests.filter((request) => request.method === method && request.path === path).length;
}

/** A webhook as a killed earlier attempt of the resource `ownerKey` would have left it. */
function orphanOf(ownerKey: string): number {
  const headers = { ...declared.headers, [`${OWNER_HEADER_PREFIX}${ownerKey}-a1b2c3d4e5f6`]: "managed-by-pulumi-opensolar" };
  return simulator.seedWebhook(ORG, {
    endpoint: declared.endpoint,
    enabled: true,
    debug: false,
    trigger_fields: declared.triggerFields,
    payload_fields: declared.payloadFields,
    headers: JSON.stringify(headers),
  }).id;
}

describe("the look before a create", () => {
  it("is one listing of the org for every create of the process that finds nothing in it", async () => {
    const ids: number[] = [];
    for (let wave = 0; wave < 3; wave++) {
      ids.push(...(await Promise.all([1, 2, 3, 4].map(() => created(newOwnerKey())))));
    }

    expect(calls("GET", LIST)).toBe(1);
    expect(calls("POST", LIST)).toBe(12);
    expect(simulator.webhooks(ORG).map((webhook) => webhook.id).sort()).toEqual([...ids].sort());
  });

  it("still takes the orphan the first look shows, from a listing taken at the create", async () => {
    const ownerKey = newOwnerKey();
    const orphan = orphanOf(ownerKey);
    await created(newOwnerKey());

    expect(await created(ownerKey)).toBe(orphan);
    expect(calls("GET", LIST)).toBe(2);
    expect(calls("POST", LIST)).toBe(1);
  });

  it("does not take an orphan the first look showed but that was deleted since: it creates", async () => {
    const ownerKey = newOwnerKey();
    const orphan = orphanOf(ownerKey);
    await created(newOwnerKey());
    simulator.removeWebhook(ORG, orphan);

    const id = await created(ownerKey);
    expect(id).not.toBe(orphan);
    expect(simulator.getWebhook(ORG, id)).toBeDefined();
    expect(calls("POST", LIST)).toBe(2);
  });

  it("looks anew for a resource this process has POSTed for since: a failed create's committed copy is taken, not duplicated", async () => {
    const first = await created(newOwnerKey());
    const ownerKey = newOwnerKey();
    // The POST commits but its answer is lost; the look for it fails; the POST sent again is refused.
    simulator.addFault({ method: "POST", path: LIST, loseResponse: true, times: 1 });
    simulator.addFault({ method: "GET", path: LIST, status: 503 });
    simulator.addFault({ method: "POST", path: LIST, status: 422, times: 1 });
    await expect(created(ownerKey)).rejects.toThrow(/POST/);
    simulator.clearFaults();
    const [copy, ...more] = simulator.webhooks(ORG).filter((webhook) => webhook.id !== first);
    expect(copy).toBeDefined();
    expect(more).toEqual([]);
    simulator.clearRequests();

    expect(await created(ownerKey)).toBe(copy?.id);
    expect(calls("POST", LIST)).toBe(0);
    expect(simulator.webhooks(ORG).map((webhook) => webhook.id).sort()).toEqual([first, copy?.id].sort());
  });

  it("keeps no failed first look: the next create lists the org again", async () => {
    simulator.addFault({ method: "GET", path: LIST, status: 503 });
    await expect(created(newOwnerKey())).rejects.toThrow(/webhooks/);
    expect(calls("POST", LIST)).toBe(0);
    simulator.clearFaults();
    simulator.clearRequests();

    const id = await created(newOwnerKey());
    expect(simulator.getWebhook(ORG, id)).toBeDefined();
    expect(calls("GET", LIST)).toBe(1);
  });
});
