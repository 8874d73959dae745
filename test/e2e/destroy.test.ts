import { webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { exportedResources } from "../../testkit/engine/exported-state";
import { mutations, ORG, OTHER_ORG, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 8: `destroy` removes what the stack made. Also what it does when the webhook is
// to be kept (onDelete: "disable") and when OpenSolar offers no DELETE (405).

const e2e = useE2eSession();

test(
  "destroy deletes every webhook of the stack: OpenSolar and state are empty",
  () =>
    withSimulator(async (simulator) => {
      const program = {
        webhooks: [webhookDeclaration("crm-sync"), webhookDeclaration("billing", { orgId: OTHER_ORG })],
      };
      const stack = e2e.stack("destroy-all", simulator);
      await stack.run(program, ["up"]);
      const [first] = simulator.webhooks(ORG);
      const [second] = simulator.webhooks(OTHER_ORG);
      simulator.clearRequests();

      const { destroy, export: exported } = await stack.run(program, ["destroy", "export"]);

      expect(destroy.changes).toEqual({ delete: 3 });
      expect(mutations(simulator).sort()).toEqual(
        [`DELETE /api/orgs/${ORG}/webhooks/${first?.id}/`, `DELETE /api/orgs/${OTHER_ORG}/webhooks/${second?.id}/`].sort(),
      );
      expect(simulator.webhooks(ORG)).toEqual([]);
      expect(simulator.webhooks(OTHER_ORG)).toEqual([]);
      expect(exportedResources(exported)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  'onDelete: "disable" keeps the webhook in OpenSolar, disabled',
  () =>
    withSimulator(async (simulator) => {
      const program = { webhooks: [webhookDeclaration("kept", { onDelete: "disable" })] };
      const stack = e2e.stack("destroy-disable", simulator);
      await stack.run(program, ["up"]);
      const [created] = simulator.webhooks(ORG);
      simulator.clearRequests();

      await stack.run(program, ["destroy"]);

      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${created?.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([expect.objectContaining({ id: created?.id, enabled: false })]);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "when OpenSolar answers 405 to DELETE, the webhook is disabled instead and the engine shows the warning",
  () =>
    withSimulator(async (simulator) => {
      const program = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("destroy-405", simulator);
      await stack.run(program, ["up"]);
      const [created] = simulator.webhooks(ORG);
      simulator.setOptions({ allowDelete: false });

      const { destroy } = await stack.run(program, ["destroy"]);

      expect(destroy.changes).toEqual({ delete: 2 });
      expect(simulator.webhooks(ORG)).toEqual([expect.objectContaining({ id: created?.id, enabled: false })]);
      expect(destroy.engineOutput).toContain("does not allow DELETE");
    }),
  ENGINE_TIMEOUT_MS,
);
