import type { ProgramSpec } from "../../testkit/driver/protocol";
import { webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, ORG, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 6: the endpoint is another resource's output (a receiver deployed in the same
// program), unknown until that resource exists. Preview must accept it, and up must
// create and later update the webhook with the real value.

const e2e = useE2eSession();

function programWithReceiverAt(url: string): ProgramSpec {
  return {
    endpointStubs: [{ name: "receiver", url }],
    webhooks: [webhookDeclaration("crm-sync", { endpoint: { fromStub: "receiver" } })],
  };
}

test(
  "an endpoint unknown at preview previews as a create and applies with the real value",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("unknown-endpoint", simulator);
      const program = programWithReceiverAt("https://fn-1.example.com/opensolar");

      const { preview } = await stack.run(program, ["preview"]);
      expect(preview.steps).toEqual([
        expect.objectContaining({ name: "receiver", op: "create" }),
        expect.objectContaining({ name: "crm-sync", op: "create", unknownInputs: ["endpoint"] }),
      ]);
      expect(mutations(simulator)).toEqual([]);

      const { up } = await stack.run(program, ["up"]);
      expect(up.changes).toEqual({ create: 3 });
      expect(simulator.webhooks(ORG)).toEqual([expect.objectContaining({ endpoint: "https://fn-1.example.com/opensolar" })]);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "when the receiver is replaced, the endpoint is unknown again: preview plans an update, up patches it",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("unknown-endpoint-update", simulator);
      await stack.run(programWithReceiverAt("https://fn-1.example.com/opensolar"), ["up"]);
      const [created] = simulator.webhooks(ORG);
      simulator.clearRequests();

      const moved = programWithReceiverAt("https://fn-2.example.com/opensolar");
      const { preview, up } = await stack.run(moved, ["preview", "up"]);

      expect(preview.steps).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "crm-sync", op: "update", unknownInputs: ["endpoint"] })]),
      );
      expect(up.steps).toEqual(expect.arrayContaining([expect.objectContaining({ name: "crm-sync", op: "update" })]));
      expect(mutations(simulator)).toEqual([`PATCH /api/orgs/${ORG}/webhooks/${created?.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([
        expect.objectContaining({ id: created?.id, endpoint: "https://fn-2.example.com/opensolar" }),
      ]);
    }),
  ENGINE_TIMEOUT_MS,
);
