import type { Simulator } from "../../simulator";
import type { ProgramSpec } from "../../testkit/driver/protocol";
import { HEADER_VALUE, PAYLOAD_FIELDS, RECEIVER_URL, TRIGGER_FIELDS, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { resourceName, WEBHOOK_TYPE, webhookResources } from "../../testkit/engine/exported-state";
import { mutations, ORG, withSimulator } from "../../testkit/test-simulator";
import { convergence, heldWebhooks } from "./harness/convergence";
import { requestsSettled } from "./harness/request-watch";
import { useE2eSession } from "./harness/use-e2e-session";

// Ownership is evidence, with the real engine: a create never takes a webhook it cannot
// prove it made. After a rename without an alias, two stacks of one program in one org,
// `up --target` of a new twin, or a hand-made webhook equal to a declaration, OpenSolar
// holds exactly the webhooks the stacks declare, each recorded by exactly one resource, and
// destroying one stack never touches another's. A lost POST committed late is found by
// refresh, shown by preview and removed by up.

const e2e = useE2eSession();

const PROJECT = "opensolar-e2e";
const urnOf = (stack: string, name: string) => `urn:pulumi:${stack}::${PROJECT}::${WEBHOOK_TYPE}::${name}`;

/** The "org/id" each webhook resource of an export records, by resource name. */
function recordedIds(exported: Parameters<typeof webhookResources>[0]): Record<string, string> {
  return Object.fromEntries(
    webhookResources(exported).map((resource) => [resourceName(resource), `${String(resource.outputs?.["orgId"])}/${String(resource.outputs?.["webhookId"])}`]),
  );
}

const liveIds = (simulator: Simulator) => simulator.webhooks(ORG).map((webhook) => `${ORG}/${webhook.id}`).sort();

test(
  "a rename without an alias makes a new webhook and deletes the old one: deliveries never stop",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("rename", simulator);
      const { export: before } = await stack.run({ webhooks: [webhookDeclaration("a")] }, ["up", "export"]);
      const renamed: ProgramSpec = { webhooks: [webhookDeclaration("b")] };
      const { up, preview, export: after } = await stack.run(renamed, ["up", "preview", "export"]);

      expect(up.changes).toEqual({ same: 1, create: 1, delete: 1 });
      expect(preview.changes).toEqual({ same: 2 });
      const ids = recordedIds(after);
      expect(Object.keys(ids)).toEqual(["b"]);
      expect(ids["b"]).not.toBe(recordedIds(before)["a"]);
      expect(liveIds(simulator)).toEqual([ids["b"]]);
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "two stacks of one program in one org get a webhook each; destroying one leaves the other's",
  () =>
    withSimulator(async (simulator) => {
      const program: ProgramSpec = { webhooks: [webhookDeclaration("crm-sync")] };
      const staging = e2e.stack("staging", simulator);
      const prod = e2e.stack("prod", simulator);
      const { export: stagingState } = await staging.run(program, ["up", "export"]);
      const { export: prodState } = await prod.run(program, ["up", "export"]);
      const stagingId = recordedIds(stagingState)["crm-sync"];
      const prodId = recordedIds(prodState)["crm-sync"];

      expect(stagingId).not.toBe(prodId);
      expect(liveIds(simulator)).toEqual([stagingId, prodId].sort());
      await staging.run(program, ["destroy"]);
      expect(liveIds(simulator)).toEqual([prodId]);
      const { preview } = await prod.run(program, ["preview"]);
      expect(preview.changes).toEqual({ same: 2 });
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "`up --target` of a new twin while the first exists: each ends with its own webhook",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("target", simulator);
      await stack.run({ webhooks: [webhookDeclaration("first")] }, ["up"]);
      const twins: ProgramSpec = { webhooks: [webhookDeclaration("first"), webhookDeclaration("second")] };
      await stack.run(twins, ["up"], { target: [urnOf("target", "second")] });
      const { export: exported } = await stack.run(twins, ["export"]);
      const ids = recordedIds(exported);

      expect(ids["first"]).not.toBe(ids["second"]);
      expect(liveIds(simulator)).toEqual([ids["first"], ids["second"]].sort());
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "a hand-made webhook equal to a declaration is never taken over: up creates its own, destroy leaves it",
  () =>
    withSimulator(async (simulator) => {
      const handMade = simulator.seedWebhook(ORG, {
        endpoint: RECEIVER_URL,
        headers: JSON.stringify({ Authorization: `Bearer ${HEADER_VALUE}` }),
        trigger_fields: [...TRIGGER_FIELDS],
        payload_fields: [...PAYLOAD_FIELDS],
        enabled: true,
        debug: false,
      });
      const program: ProgramSpec = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("hand-made", simulator);
      const { export: exported } = await stack.run(program, ["up", "export"]);

      expect(recordedIds(exported)["crm-sync"]).not.toBe(`${ORG}/${handMade.id}`);
      expect(simulator.getWebhook(ORG, handMade.id)).toEqual(handMade);
      await stack.run(program, ["destroy"]);
      expect(simulator.webhooks(ORG)).toEqual([handMade]);
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "a lost POST committed after the provider's last look: refresh finds the late copy, preview shows it, up deletes only it",
  () =>
    withSimulator(async (simulator) => {
      const program: ProgramSpec = { webhooks: [webhookDeclaration("crm-sync")] };
      // A small deadline: the first POST times out, its commit comes long after the last look.
      const stack = e2e.stack("late-commit", simulator, { env: { OPENSOLAR_TIMEOUT_MS: "400" } });
      simulator.addFault({ method: "POST", latencyMs: 4_000, loseResponse: true, times: 1 });
      const { export: afterUp } = await stack.run(program, ["up", "export"]);
      await requestsSettled(simulator, 500);
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(simulator.webhooks(ORG)).toHaveLength(2);
      const recorded = recordedIds(afterUp)["crm-sync"];

      simulator.clearRequests();
      const { refresh, preview } = await stack.run(program, ["refresh", "preview"]);
      expect(refresh.changes).toEqual({ same: 1, update: 1 });
      expect(preview.changes).toEqual({ same: 1, update: 1 });
      expect(mutations(simulator)).toEqual([]);

      const { up, export: afterCleanup } = await stack.run(program, ["up", "export"]);
      expect(up.changes).toEqual({ same: 1, update: 1 });
      expect(mutations(simulator).filter((line) => line.startsWith("DELETE "))).toHaveLength(1);
      expect(liveIds(simulator)).toEqual([recorded]);
      expect(convergence(afterCleanup, heldWebhooks(simulator, [ORG])).duplicates).toEqual([]);
      const { preview: settled } = await stack.run(program, ["preview"]);
      expect(settled.changes).toEqual({ same: 2 });
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "a refresh whose reads fail is an error and drops nothing from state",
  () =>
    withSimulator(async (simulator) => {
      const program: ProgramSpec = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("faulted-refresh", simulator, { env: { OPENSOLAR_TIMEOUT_MS: "400", OPENSOLAR_MAX_RETRIES: "1" } });
      const { export: before } = await stack.run(program, ["up", "export"]);
      const removeFault = simulator.addFault({ method: "GET", status: 503 });
      const failed = await stack.runExpectingFailure(program, "refresh");
      removeFault();

      expect(failed.error).toMatch(/pulumi-opensolar: GET \/api\/orgs\/41\/webhooks\/\d+\/ failed with HTTP 503/);
      const { export: after, refresh } = await stack.run(program, ["export", "refresh"]);
      expect(recordedIds(after)).toEqual(recordedIds(before));
      expect(refresh.changes).toEqual({ same: 2 });
    }),
  2 * ENGINE_TIMEOUT_MS,
);
