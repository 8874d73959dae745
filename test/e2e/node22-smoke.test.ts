import type { ProgramSpec } from "../../testkit/driver/protocol";
import { webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, ORG, withSimulator } from "../../testkit/test-simulator";
import { newestToolchain, SMOKE_NODE_MAJOR } from "./harness/newest-toolchain";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 11: a smoke run on Node.js 22 with the newest @pulumi/pulumi, beyond the versions
// the package is developed with. Both come from npm; when they cannot be had, the test is
// reported as skipped with the reason (never as a silent pass).

// Installing takes a while once, so it happens while jest collects the tests, which lets
// an unavailable toolchain turn the test into a reported skip.
const toolchain = newestToolchain();
const title = `Node.js ${SMOKE_NODE_MAJOR} with the newest @pulumi/pulumi`;
const testName = "up, a second up with no changes, and destroy";

if (toolchain.available) {
  describe(title, () => {
    const e2e = useE2eSession({ project: toolchain.project, node: toolchain.node });

    test(
      testName,
      () =>
        withSimulator(async (simulator) => {
          const stack = e2e.stack("node-smoke", simulator);
          const program: ProgramSpec = {
            endpointStubs: [{ name: "receiver", url: "https://fn.example.com/opensolar" }],
            webhooks: [webhookDeclaration("crm-sync", { endpoint: { fromStub: "receiver" } })],
          };

          const created = await stack.drive(program, ["up"]);
          expect(created.nodeVersion).toMatch(new RegExp(`^v${SMOKE_NODE_MAJOR}\\.`));
          expect(created.pulumiSdkVersion).toBe(toolchain.project.pulumiSdkVersion);
          const [up] = created.results;
          expect(up?.ok).toBe(true);
          // The engine's dynamic provider process ran on the same Node.js.
          expect(up?.outputs?.["stubs"]?.value).toMatchObject({ receiver: { providerNodeVersion: toolchain.nodeVersion } });
          expect(simulator.webhooks(ORG)).toEqual([expect.objectContaining({ endpoint: "https://fn.example.com/opensolar" })]);
          console.log(`smoke: driver and provider on ${created.nodeVersion}, @pulumi/pulumi ${created.pulumiSdkVersion}`);

          simulator.clearRequests();
          const { up: again, destroy } = await stack.run(program, ["up", "destroy"]);
          expect(again.changes).toEqual({ same: 3 });
          expect(destroy.changes).toEqual({ delete: 3 });
          expect(mutations(simulator)).toEqual([expect.stringMatching(new RegExp(`^DELETE /api/orgs/${ORG}/webhooks/\\d+/$`))]);
          expect(simulator.webhooks(ORG)).toEqual([]);
        }),
      ENGINE_TIMEOUT_MS,
    );
  });
} else {
  console.warn(`SKIPPED: ${title}, because ${toolchain.reason}`);
  describe.skip(title, () => {
    test(testName, () => undefined);
  });
}
