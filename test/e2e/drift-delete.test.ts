import { RECEIVER_URL, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { webhookResources } from "../../testkit/engine/exported-state";
import { mutations, ORG, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 5: someone deletes the webhook in OpenSolar. `refresh` drops it from state; the
// next `up` creates it again.

const e2e = useE2eSession();

test(
  "an out-of-band delete: refresh drops the webhook from state, up recreates it",
  () =>
    withSimulator(async (simulator) => {
      const program = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("drift-delete", simulator);
      await stack.run(program, ["up"]);
      const [original] = simulator.webhooks(ORG);
      if (!original) throw new Error("up created no webhook");

      simulator.removeWebhook(ORG, original.id);
      simulator.clearRequests();

      const { refresh, export: exported } = await stack.run(program, ["refresh", "export"]);
      expect(refresh.changes).toEqual({ same: 1, delete: 1 });
      expect(refresh.steps).toEqual([expect.objectContaining({ name: "crm-sync", op: "delete" })]);
      expect(webhookResources(exported)).toEqual([]);
      expect(mutations(simulator)).toEqual([]);

      const { preview, up } = await stack.run(program, ["preview", "up"]);
      expect(preview.steps).toEqual([expect.objectContaining({ name: "crm-sync", op: "create" })]);
      expect(up.changes).toEqual({ same: 1, create: 1 });
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);

      const recreated = simulator.webhooks(ORG);
      expect(recreated).toEqual([expect.objectContaining({ endpoint: RECEIVER_URL })]);
      expect(recreated[0]?.id).not.toBe(original.id);
      expect(up.outputs?.["webhooks"]?.value).toMatchObject({ "crm-sync": { webhookId: recreated[0]?.id } });
    }),
  ENGINE_TIMEOUT_MS,
);
