import * as fs from "node:fs";
import * as path from "node:path";
import { webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { webhookResources } from "../../testkit/engine/exported-state";
import { mutations, ORG, withSimulator } from "../../testkit/test-simulator";
import { installMarkedBuild, upgradableInstall } from "./harness/upgradable-install";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 10, second half: resources created with one version of the package are destroyed
// by the version installed when `destroy` runs. The state holds only a stub that loads
// the implementation by name, so upgrading the package upgrades existing resources.

const e2e = useE2eSession();

test(
  "after the installed package is replaced, destroy runs the new code for resources the old one created",
  () =>
    withSimulator(async (simulator) => {
      const programDir = upgradableInstall(e2e.session.project, path.join(e2e.session.tempDir, "upgradable-program"));
      const marker = path.join(e2e.session.tempDir, "upgrade-marker.txt");
      const stack = e2e.stack("upgrade", simulator, { programDir, env: { OPENSOLAR_E2E_UPGRADE_MARKER: marker } });
      const program = { webhooks: [webhookDeclaration("crm-sync")] };

      const { export: created } = await stack.run(program, ["up", "export"]);
      const [webhook] = simulator.webhooks(ORG);
      if (!webhook) throw new Error("up created no webhook");
      const stubAtCreate = webhookResources(created)[0]?.inputs?.["__provider"];

      installMarkedBuild(programDir);
      simulator.clearRequests();
      const { export: beforeDestroy, destroy } = await stack.run(program, ["export", "destroy"]);

      // Destroy ran with the stub written at create (state is unchanged)...
      expect(webhookResources(beforeDestroy)[0]?.inputs?.["__provider"]).toBe(stubAtCreate);
      // ...and that stub loaded the newly installed code, which did the delete.
      expect(fs.readFileSync(marker, "utf8")).toBe(`delete ${webhook.id}\n`);
      expect(destroy.changes).toEqual({ delete: 2 });
      expect(mutations(simulator)).toEqual([`DELETE /api/orgs/${ORG}/webhooks/${webhook.id}/`]);
      expect(simulator.webhooks(ORG)).toEqual([]);
    }),
  ENGINE_TIMEOUT_MS,
);
