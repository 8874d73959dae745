import { webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, ORG, TOKEN, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Beyond the list: OpenSolar user tokens expire after 7 days, so the token in stack config
// gets replaced. `refresh` and `destroy` configure the provider from the config recorded in
// state at the last `up`, so after a rotation they need `--run-program` to use the new one.

const NEW_TOKEN = "e2e-token-rotated-6a0d2c";

const e2e = useE2eSession();

test(
  "after the old token expires and config holds a new one, refresh and destroy with --run-program use the new token",
  () =>
    withSimulator(async (simulator) => {
      const program = { webhooks: [webhookDeclaration("crm-sync")] };
      const stack = e2e.stack("token-rotation", simulator);
      await stack.run(program, ["up"]);
      const [created] = simulator.webhooks(ORG);

      simulator.revokeToken(TOKEN);
      simulator.setToken(NEW_TOKEN, [ORG]);
      stack.useApiToken(NEW_TOKEN);
      simulator.clearRequests();

      const { refresh, destroy } = await stack.run(program, ["refresh", "destroy"], { runProgram: true });

      expect(refresh.changes).toEqual({ same: 2 });
      // Running the program first counts its resources as "same" before deleting them.
      expect(destroy.changes["delete"]).toBe(2);
      expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${created?.id}/`]);
      expect(simulator.requests.every((request) => request.headers["authorization"] === `Bearer ${NEW_TOKEN}`)).toBe(true);
      expect(simulator.webhooks(ORG)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);
