import type { ProgramSpec } from "../../testkit/driver/protocol";
import { RECEIVER_URL, TRIGGER_FIELDS, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 2: once OpenSolar matches the program, preview and up report no changes and send
// nothing that changes OpenSolar (no POST, PATCH or DELETE).

const e2e = useE2eSession();

const program: ProgramSpec = {
  webhooks: [webhookDeclaration("crm-sync"), { name: "defaults-only", endpoint: `${RECEIVER_URL}/defaults` }],
};

test(
  "a second preview and up report no changes and send no POST, PATCH or DELETE",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("second-run", simulator);
      await stack.run(program, ["up"]);
      simulator.clearRequests();

      const { preview, up } = await stack.run(program, ["preview", "up"]);

      expect(preview.changes).toEqual({ same: 3 }); // the stack and two webhooks
      expect(preview.steps.map((step) => step.op)).toEqual(["same", "same"]);
      expect(up.changes).toEqual({ same: 3 });
      expect(up.steps.map((step) => step.op)).toEqual(["same", "same"]);
      expect(mutations(simulator)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "refresh right after up finds no drift, also when OpenSolar masks header values in answers",
  () =>
    withSimulator(async (simulator) => {
      simulator.setOptions({ maskHeaderValues: true });
      const stack = e2e.stack("masked-refresh", simulator);
      await stack.run(program, ["up"]);
      simulator.clearRequests();

      const { refresh, preview } = await stack.run(program, ["refresh", "preview"]);

      expect(refresh.changes).toEqual({ same: 3 });
      expect(preview.changes).toEqual({ same: 3 });
      expect(mutations(simulator)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "reordering and repeating field paths is no change: lists compare as sets",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("reordered-lists", simulator);
      await stack.run(program, ["up"]);
      simulator.clearRequests();
      const reordered: ProgramSpec = {
        webhooks: [
          webhookDeclaration("crm-sync", { triggerFields: [...TRIGGER_FIELDS].reverse().concat(TRIGGER_FIELDS[0]) }),
          { name: "defaults-only", endpoint: `${RECEIVER_URL}/defaults` },
        ],
      };

      const { up } = await stack.run(reordered, ["up"]);

      expect(up.changes).toEqual({ same: 3 });
      expect(mutations(simulator)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);
