import { PAYLOAD_FIELDS, RECEIVER_URL, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { WEBHOOK_TYPE } from "../../testkit/engine/exported-state";
import { mutations, ORG, OTHER_ORG, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 3: a changed trigger list is patched in place (one PATCH, the same webhook); a
// changed org replaces the webhook (a webhook cannot move between orgs), with the token
// bound to both orgs.

const e2e = useE2eSession();

test(
  "changing triggerFields updates in place with exactly one PATCH of that field",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("update-trigger-fields", simulator);
      await stack.run({ webhooks: [webhookDeclaration("crm-sync")] }, ["up"]);
      const [created] = simulator.webhooks(ORG);
      simulator.clearRequests();

      const newTriggers = ["project.stage", "project.installation_date"];
      const changed = { webhooks: [webhookDeclaration("crm-sync", { triggerFields: newTriggers })] };
      const { preview, up } = await stack.run(changed, ["preview", "up"]);

      expect(preview.steps).toEqual([
        expect.objectContaining({ name: "crm-sync", type: WEBHOOK_TYPE, op: "update", changed: ["triggerFields"] }),
      ]);
      expect(up.changes).toEqual({ same: 1, update: 1 });
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${created?.id}/`]);
      expect(simulator.requests.find((request) => request.method === "PATCH")?.body).toEqual({ trigger_fields: newTriggers });

      const after = simulator.webhooks(ORG);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ id: created?.id, trigger_fields: newTriggers, payload_fields: [...PAYLOAD_FIELDS] });
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "changing orgId replaces: the webhook is created in the new org, then deleted from the old one",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("replace-org", simulator);
      await stack.run({ webhooks: [webhookDeclaration("crm-sync", { orgId: ORG })] }, ["up"]);
      const [original] = simulator.webhooks(ORG);
      simulator.clearRequests();

      const moved = { webhooks: [webhookDeclaration("crm-sync", { orgId: OTHER_ORG })] };
      const { preview, up } = await stack.run(moved, ["preview", "up"]);

      expect(preview.steps.map((step) => step.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
      expect(preview.steps.find((step) => step.op === "replace")?.replaceKeys).toEqual(["orgId"]);
      expect(up.changes).toEqual({ same: 1, replace: 1 });
      // Create before delete: the org is never without its webhook.
      expect(mutations(simulator)).toEqual([
        `POST /api/orgs/${OTHER_ORG}/webhooks/`,
        `DELETE /api/orgs/${ORG}/webhooks/${original?.id}/`,
      ]);
      expect(simulator.webhooks(ORG)).toEqual([]);
      const [replacement] = simulator.webhooks(OTHER_ORG);
      expect(replacement).toMatchObject({ endpoint: RECEIVER_URL });
      expect(up.outputs?.["webhooks"]?.value).toMatchObject({ "crm-sync": { webhookId: replacement?.id, orgId: OTHER_ORG } });
    }),
  ENGINE_TIMEOUT_MS,
);
