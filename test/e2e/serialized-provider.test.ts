import { HEADER_VALUE, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { resourceName, webhookResources } from "../../testkit/engine/exported-state";
import { OTHER_ORG, withSimulator, TOKEN } from "../../testkit/test-simulator";
import { secretsIn } from "./harness/secrets";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 10, first half: the provider the engine serialized into each resource's state
// (`__provider`) as the packed package produces it. It must be small, hold no secret and
// no dependency (axios, zod), and load the implementation by package name.

const OTHER_HEADER_VALUE = "billing-secret-a61c03";
const MAX_SERIALIZED_BYTES = 8 * 1024;

const e2e = useE2eSession();

test(
  "each resource's __provider is one small stub: no token, no header value, no axios or zod",
  () =>
    withSimulator(async (simulator) => {
      const program = {
        webhooks: [
          webhookDeclaration("crm-sync"),
          webhookDeclaration("billing", { orgId: OTHER_ORG, headers: { "X-Billing-Key": OTHER_HEADER_VALUE } }),
        ],
      };
      const stack = e2e.stack("serialized-provider", simulator);
      const { export: exported } = await stack.run(program, ["up", "export"]);

      const resources = webhookResources(exported);
      expect(resources.map(resourceName).sort()).toEqual(["billing", "crm-sync"]);
      const stubs = resources.map((resource) => {
        const serialized = resource.inputs?.["__provider"];
        if (typeof serialized !== "string") throw new Error(`${resourceName(resource)} has no serialized provider in state`);
        // The engine keeps it as an input and as an output; both must be the same stub.
        expect(resource.outputs?.["__provider"]).toBe(serialized);
        const bytes = Buffer.byteLength(serialized);
        console.log(`serialized provider of ${resourceName(resource)}: ${bytes} bytes`);
        return { bytes, serialized };
      });

      for (const { bytes, serialized } of stubs) {
        expect(bytes).toBeLessThan(MAX_SERIALIZED_BYTES);
        expect(serialized).toContain("pulumi-opensolar/internal/webhook-provider");
        expect(secretsIn(serialized, [TOKEN, HEADER_VALUE, OTHER_HEADER_VALUE])).toEqual([]);
        expect(serialized).not.toMatch(/axios|zod|XMLHttpRequest|OpenSolarClient|simulator/i);
        expect(serialized).not.toContain(simulator.url);
      }
      // Nothing resource-specific is captured: every resource carries the same text.
      expect(new Set(stubs.map((stub) => stub.serialized)).size).toBe(1);
    }),
  ENGINE_TIMEOUT_MS,
);
