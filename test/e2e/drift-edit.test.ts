import { HEADER_VALUE, RECEIVER_URL, TRIGGER_FIELDS, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { webhookResources } from "../../testkit/engine/exported-state";
import { mutations, ORG, sentHeaders, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 4: someone edits the webhook in OpenSolar. `refresh` records the drift (and changes
// nothing in OpenSolar); the next `up` puts the declaration back with one PATCH.

const e2e = useE2eSession();

test(
  "an out-of-band edit shows as drift on refresh, and up corrects it",
  () =>
    withSimulator(async (simulator) => {
      const program = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("drift-edit", simulator);
      await stack.run(program, ["up"]);
      const [created] = simulator.webhooks(ORG);
      if (!created) throw new Error("up created no webhook");

      simulator.editWebhook(ORG, created.id, {
        endpoint: "https://elsewhere.example.com/hook",
        enabled: false,
        trigger_fields: ["project.notes"],
        headers: JSON.stringify({ Authorization: "Bearer replaced-in-the-ui" }),
      });
      simulator.clearRequests();

      const { refresh, export: exported } = await stack.run(program, ["refresh", "export"]);
      expect(refresh.changes).toEqual({ same: 1, update: 1 });
      expect(refresh.steps).toEqual([
        expect.objectContaining({ name: "crm-sync", op: "update", changed: ["enabled", "endpoint", "triggerFields"] }),
      ]);
      expect(mutations(simulator)).toEqual([]);
      // State now records what OpenSolar holds.
      expect(webhookResources(exported)[0]?.outputs).toMatchObject({
        endpoint: "https://elsewhere.example.com/hook",
        enabled: false,
        triggerFields: ["project.notes"],
      });

      const { preview, up } = await stack.run(program, ["preview", "up"]);
      expect(preview.steps).toEqual([expect.objectContaining({ name: "crm-sync", op: "update" })]);
      expect(up.changes).toEqual({ same: 1, update: 1 });
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${created.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([
        expect.objectContaining({
          id: created.id,
          endpoint: RECEIVER_URL,
          enabled: true,
          trigger_fields: [...TRIGGER_FIELDS],
        }),
      ]);
      expect(sentHeaders(simulator.getWebhook(ORG, created.id)).headers).toEqual({ Authorization: `Bearer ${HEADER_VALUE}` });
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "a trigger list blanked to null in OpenSolar (fires on every change) is drift, and up restores the list",
  () =>
    withSimulator(async (simulator) => {
      const program = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("drift-null-list", simulator);
      await stack.run(program, ["up"]);
      const [created] = simulator.webhooks(ORG);
      if (!created) throw new Error("up created no webhook");
      simulator.editWebhook(ORG, created.id, { trigger_fields: null });

      const { refresh, up } = await stack.run(program, ["refresh", "up"]);

      expect(refresh.steps).toEqual([expect.objectContaining({ op: "update", changed: ["triggerFields"] })]);
      expect(up.changes).toEqual({ same: 1, update: 1 });
      expect(simulator.getWebhook(ORG, created.id)?.trigger_fields).toEqual([...TRIGGER_FIELDS]);
    }),
  ENGINE_TIMEOUT_MS,
);
