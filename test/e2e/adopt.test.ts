import { HEADER_VALUE, PAYLOAD_FIELDS, RECEIVER_URL, TRIGGER_FIELDS, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, ORG, sentHeaders, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 7: a webhook made by hand in OpenSolar is taken under management with
// `adoptWebhookId`: patched to match the declaration, never duplicated.

const e2e = useE2eSession();

test(
  "adoptWebhookId patches the existing webhook instead of creating one; afterwards the input makes no diff",
  () =>
    withSimulator(async (simulator) => {
      const legacy = simulator.seedWebhook(ORG, {
        endpoint: "https://legacy.example.com/hook",
        enabled: false,
        headers: JSON.stringify({ "X-Legacy": "legacy-value" }),
        trigger_fields: ["project.notes"],
      });
      simulator.clearRequests();
      const stack = e2e.stack("adopt", simulator);
      const adopting = { webhooks: [webhookDeclaration("legacy", { adoptWebhookId: legacy.id })] };

      const { preview, up } = await stack.run(adopting, ["preview", "up"]);

      expect(preview.steps).toEqual([expect.objectContaining({ name: "legacy", op: "create" })]);
      expect(up.changes).toEqual({ create: 2 });
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${legacy.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([
        expect.objectContaining({
          id: legacy.id,
          endpoint: RECEIVER_URL,
          enabled: true,
          trigger_fields: [...TRIGGER_FIELDS],
          payload_fields: [...PAYLOAD_FIELDS],
        }),
      ]);
      expect(sentHeaders(simulator.getWebhook(ORG, legacy.id)).headers).toEqual({ Authorization: `Bearer ${HEADER_VALUE}` });
      expect(up.outputs?.["webhooks"]?.value).toMatchObject({ legacy: { webhookId: legacy.id } });

      // Only read at creation: keeping it or removing it from the program changes nothing.
      simulator.clearRequests();
      const { preview: kept } = await stack.run(adopting, ["preview"]);
      const { preview: removed, up: settled } = await stack.run({ webhooks: [webhookDeclaration("legacy")] }, ["preview", "up"]);
      expect(kept.changes).toEqual({ same: 2 });
      expect(removed.changes).toEqual({ same: 2 });
      expect(settled.changes).toEqual({ same: 2 });
      expect(mutations(simulator)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "adopting an id the org does not have fails with a message that names adoptWebhookId, and creates nothing",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("adopt-missing", simulator);
      const failed = await stack.runExpectingFailure({ webhooks: [webhookDeclaration("legacy", { adoptWebhookId: 4242 })] }, "up");

      expect(failed.error).toContain("adoptWebhookId 4242");
      expect(mutations(simulator)).toEqual([]);
      expect(simulator.webhooks(ORG)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);
