import * as path from "node:path";
import type { Simulator } from "../../simulator";
import type { ProgramSpec, WebhookDeclaration } from "../../testkit/driver/protocol";
import { RECEIVER_URL, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { webhookResources } from "../../testkit/engine/exported-state";
import { ORG, OTHER_ORG, TOKEN, withSimulator } from "../../testkit/test-simulator";
import { convergence, duplicates, hasConverged, heldWebhooks, orphanCount, orphans, pendingOperations, type Convergence } from "./harness/convergence";
import { countOf, isCreated, isPost, requestsSettled, whenRequests } from "./harness/request-watch";
import { faultedCount, formatTable, type ScenarioRow } from "./harness/scenario-table";
import { isEncryptedSecret, secretsIn } from "./harness/secrets";
import { removeTornSidecars, tearSidecar } from "./harness/torn-sidecar";
import { useE2eSession } from "./harness/use-e2e-session";

// Reliability under a flaky API, with the real engine: many webhooks created while the
// simulator breaks requests on purpose, an engine killed mid-`up`, and a token that expires
// mid-run. Each must end with exactly one webhook per declaration (no duplicates), state and
// OpenSolar naming the same webhooks (no orphans), and state recording what OpenSolar holds.
// One row per scenario is printed at the end; assertions never depend on timings.

const ORGS = [ORG, OTHER_ORG];
/** How long each burst of 429s lasts. */
const RATE_LIMIT_BURST_MS = 1_500;
/** How long a late-committing POST takes: past the provider's last look (deadline + two settles). */
const LATE_COMMIT_MS = 6_000;
const CLEAN: Convergence = { duplicates: [], orphans: { notInState: [], notInOpenSolar: [] }, differences: [], pendingOperations: 0 };

const rows: ScenarioRow[] = [];
// Declared before the session, so the table prints before the session's leak scan.
afterAll(() => {
  if (rows.length > 0) console.log(`fault campaign:\n${formatTable(rows)}`);
});
const e2e = useE2eSession();

/** `count` distinct declarations, in two orgs, some disabled, some with their own triggers. */
function manyWebhooks(count: number): ProgramSpec {
  const webhooks: WebhookDeclaration[] = [];
  for (let index = 0; index < count; index++) {
    webhooks.push(
      webhookDeclaration(`hook-${String(index).padStart(2, "0")}`, {
        endpoint: `${RECEIVER_URL}/${index}`,
        ...(index % 10 === 0 ? { orgId: OTHER_ORG } : {}),
        ...(index % 7 === 3 ? { enabled: false } : {}),
        ...(index % 5 === 4 ? { triggerFields: ["contact.*", "project.stage"] } : {}),
      }),
    );
  }
  return { webhooks };
}

/** The (org, endpoint) pairs a program declares, and those OpenSolar holds, sorted. */
function declaredTargets(program: ProgramSpec): string[] {
  return program.webhooks.map((webhook) => `${webhook.orgId ?? ORG} ${String(webhook.endpoint)}`).sort();
}
function heldTargets(simulator: Simulator): string[] {
  return heldWebhooks(simulator, ORGS)
    .map(({ orgId, webhook }) => `${orgId} ${webhook.endpoint}`)
    .sort();
}

function record(scenario: string, simulator: Simulator, found: Convergence, ups: number, upSucceeded: boolean, lateCopies = 0): void {
  rows.push({
    scenario,
    requests: simulator.requests.length,
    retries: faultedCount(simulator.requests),
    lateCopies,
    duplicates: found.duplicates.length,
    orphans: orphanCount(found.orphans),
    ups,
    converged: upSucceeded && hasConverged(found),
  });
}

/** The campaign's seeds: each draws its own faults, and each must converge in its first `up`. */
const CAMPAIGN_SEEDS = [1, 2, 3, 4, 5];

test.each(CAMPAIGN_SEEDS)(
  "seed %i: 50 webhooks under 503s, 429 bursts with Retry-After, timeouts, resets and lost POST answers converge in the first up",
  (seed) =>
    withSimulator(async (simulator) => {
      const program = manyWebhooks(50);
      const stack = e2e.stack(`fault-campaign-${seed}`, simulator, {
        env: {
          // A small client timeout, so that the 2.5 s latency spikes are timeouts (lost answers, for POSTs).
          OPENSOLAR_TIMEOUT_MS: "1500",
          // Backoff closer to the default (500 ms) than the suite's 20 ms: a 503 streak lasts longer than 5 quick tries.
          OPENSOLAR_RETRY_BASE_MS: "250",
        },
      });

      // The first rule that matches a request and wins its (seeded) draw applies.
      // A lost POST that commits after the provider's last look: a late copy.
      simulator.addFault({ method: "POST", latencyMs: LATE_COMMIT_MS, loseResponse: true, probability: 0.04, seed: seed * 1000 + 6 });
      simulator.addFault({ status: 503, probability: 0.2, seed: seed * 1000 + 503 });
      simulator.addFault({ latencyMs: 2500, probability: 0.05, seed: seed * 1000 + 250 });
      simulator.addFault({ reset: true, probability: 0.03, seed: seed * 1000 + 104 });
      simulator.addFault({ method: "POST", loseResponse: true, probability: 0.15, seed: seed * 1000 + 15 });
      // Rate limiting as an API does it: every request refused with Retry-After for a while.
      const pendingBursts: NodeJS.Timeout[] = [];
      const bursts = [5, 60, 120].map((after) =>
        whenRequests(simulator, (requests) => requests.length >= after, () => {
          const stopBurst = simulator.addFault({ status: 429, retryAfter: "1" });
          pendingBursts.push(setTimeout(stopBurst, RATE_LIMIT_BURST_MS));
        }),
      );

      let result;
      try {
        [result] = (await stack.drive(program, ["up"])).results;
      } finally {
        for (const burst of bursts) burst.stop();
        for (const timer of pendingBursts) clearTimeout(timer);
      }
      simulator.clearFaults();
      // A slow request the provider gave up on may still commit: let every one land first.
      await requestsSettled(simulator, 1_000);
      await new Promise((resolve) => setTimeout(resolve, LATE_COMMIT_MS + 500));
      const upSucceeded = result?.ok === true;

      // Late copies carry their resource's marker: refresh finds them, the next up deletes them.
      const lateCopies = duplicates(heldWebhooks(simulator, ORGS)).length;
      if (upSucceeded && lateCopies > 0) {
        const { refresh } = await stack.run(program, ["refresh", "up"]);
        expect(refresh.changes).toEqual({ same: 51 - lateCopies, update: lateCopies });
      }
      const { export: exported } = await stack.run(program, ["export"]);
      const held = heldWebhooks(simulator, ORGS);
      const found = convergence(exported, held);
      record(`seed ${seed}: 50 webhooks, 503 20%, 429 bursts, timeouts, resets, lost POSTs`, simulator, found, 1, upSucceeded, lateCopies);
      const kinds = new Map<string, number>();
      for (const request of simulator.requests) {
        const kind = request.faulted === "status" ? `HTTP ${request.status || "?"}` : request.faulted;
        if (kind !== undefined) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      console.log(`fault campaign seed ${seed}: faults injected by kind: ${JSON.stringify(Object.fromEntries(kinds))}`);

      if (!upSucceeded) {
        const reasons = (result?.error ?? "no result").split("\n").filter((line) => /error|pulumi-opensolar:/.test(line));
        throw new Error(`seed ${seed}: the first up failed:\n${[...new Set(reasons)].slice(0, 30).join("\n")}`);
      }
      expect(found).toEqual(CLEAN);
      expect(webhookResources(exported)).toHaveLength(50);
      expect(heldTargets(simulator)).toEqual(declaredTargets(program));
      // The campaign did break requests, 429 bursts included.
      expect(simulator.requests.some((request) => request.faulted === "status" && request.status === 503)).toBe(true);
      expect(simulator.requests.some((request) => request.faulted === "status" && request.status === 429)).toBe(true);
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "the engine SIGKILLed mid-up: pulumi cancel, refresh --clear-pending-creates and up adopt what the killed run made",
  () =>
    withSimulator(async (simulator) => {
      const program = manyWebhooks(20);
      const stack = e2e.stack("interrupted-up", simulator);
      // Slow answers, so that creates are in flight when the engine dies.
      simulator.setOptions({ latencyMs: 300 });
      // Killed while some POSTs are answered (and recorded) and others are still on their way.
      const kill = new AbortController();
      const watch = whenRequests(
        simulator,
        (requests) => countOf(requests, isCreated) >= 8 && countOf(requests, isPost) - countOf(requests, isCreated) >= 3,
        () => kill.abort(),
      );
      const killed = stack.drive(program, ["up"], {}, { kill: kill.signal }).finally(() => watch.stop());
      await expect(killed).rejects.toThrow(/e2e driver exited/);
      // POSTs the dead engine sent still land; the provider process died with it, so nothing follows.
      await requestsSettled(simulator, 1_000);
      simulator.setOptions({ latencyMs: 0 });
      // The kill may land while the backend rewrites the checkpoint's sidecar: recover as a user would.
      const torn = removeTornSidecars(e2e.session.stateDir);
      if (torn.length > 0) console.log(`fault campaign: the kill tore ${torn.map((file) => path.basename(file)).join(", ")}; deleted it`);

      const { export: atKill } = await stack.run(program, ["export"]);
      const heldAtKill = heldWebhooks(simulator, ORGS);
      const recordedAtKill = webhookResources(atKill).length;
      // The kill interrupted creates: state has them pending, OpenSolar holds webhooks state does not.
      expect(pendingOperations(atKill).length).toBeGreaterThan(0);
      expect(orphans(atKill, heldAtKill).notInState.length).toBeGreaterThan(0);
      expect(recordedAtKill).toBeLessThan(20);

      // README "After an interrupted `pulumi up`", preceded by `pulumi cancel`: the killed CLI
      // left its lock on the stack, and every command refuses to run until it is removed.
      const postsBefore = simulator.requests.filter(isPost).length;
      const { refresh, up, export: recovered } = await stack.run(program, ["cancel", "refresh", "up", "export"], {
        clearPendingCreates: true,
      });
      const held = heldWebhooks(simulator, ORGS);
      const found = convergence(recovered, held);
      record("engine SIGKILLed mid-up; cancel, refresh --clear-pending-creates, up", simulator, found, 2, true);

      expect(refresh.changes).toEqual({ same: recordedAtKill + 1 });
      expect(up.changes).toEqual({ same: recordedAtKill + 1, create: 20 - recordedAtKill });
      // The webhooks the interrupted creates made were adopted, not made again.
      expect(simulator.requests.filter(isPost).length - postsBefore).toBe(20 - heldAtKill.length);
      expect(found).toEqual(CLEAN);
      expect(heldTargets(simulator)).toEqual(declaredTargets(program));
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "a checkpoint sidecar torn by a kill: every command says `failed to load checkpoint`; deleting it (README) brings back the last checkpoint, and nothing changes",
  () =>
    withSimulator(async (simulator) => {
      const program = manyWebhooks(3);
      const stack = e2e.stack("torn-sidecar", simulator);
      const { export: before } = await stack.run(program, ["up", "export"]);
      const postsBefore = simulator.requests.filter(isPost).length;

      const sidecar = tearSidecar(e2e.session.stateDir, "torn-sidecar");
      await expect(stack.run(program, ["export"])).rejects.toThrow(/failed to load checkpoint/);

      expect(removeTornSidecars(e2e.session.stateDir)).toEqual([sidecar]);
      const { refresh, up, export: after } = await stack.run(program, ["refresh", "up", "export"]);
      expect(refresh.changes).toEqual({ same: 4 });
      expect(up.changes).toEqual({ same: 4 });
      // The same webhooks, the same outputs: the checkpoint before the tear, not an older one.
      const recorded = (exported: typeof before) =>
        webhookResources(exported)
          // A secret's ciphertext changes with every write: compare that it is an encrypted secret.
          .map(({ urn, id, outputs }) => ({ urn, id, outputs: JSON.parse(JSON.stringify(outputs, (_key, value: unknown) => (isEncryptedSecret(value) ? "[encrypted secret]" : value))) as unknown }))
          .sort((a, b) => a.urn.localeCompare(b.urn));
      expect(recorded(after)).toEqual(recorded(before));
      expect(simulator.requests.filter(isPost).length).toBe(postsBefore);
      expect(convergence(after, heldWebhooks(simulator, ORGS))).toEqual(CLEAN);
    }),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "a token that expires mid-up fails with a clear 401 and leaves nothing half-applied; a new token and up converge",
  () =>
    withSimulator(async (simulator) => {
      const program = manyWebhooks(20);
      const newToken = "e2e-token-renewed-93b1c7";
      const stack = e2e.stack("token-expiry", simulator);
      simulator.setOptions({ latencyMs: 100 });
      const expire = whenRequests(simulator, (requests) => countOf(requests, isCreated) >= 6, () => simulator.revokeToken(TOKEN));
      const failed = await stack.runExpectingFailure(program, "up").finally(() => expire.stop());
      simulator.setOptions({ latencyMs: 0 });

      expect(failed.error).toMatch(/pulumi-opensolar: (POST|GET) \/api\/orgs\/\d+\/webhooks\/ was refused \(401\): the API token is missing, invalid or expired/);
      expect(failed.error).toContain("pulumi config set --secret opensolar:apiToken");
      expect(secretsIn(failed.error ?? "", [TOKEN])).toEqual([]);

      // Nothing half-applied: no create left pending, every webhook OpenSolar holds is in state.
      const { export: afterFailure } = await stack.run(program, ["export"]);
      const createdBefore = webhookResources(afterFailure).length;
      expect(convergence(afterFailure, heldWebhooks(simulator, ORGS))).toEqual(CLEAN);
      expect(createdBefore).toBeGreaterThan(0);
      expect(createdBefore).toBeLessThan(20);

      simulator.setToken(newToken, ORGS);
      stack.useApiToken(newToken);
      const firstRerunRequest = simulator.requests.length;
      const { up, export: recovered } = await stack.run(program, ["up", "export"]);
      const held = heldWebhooks(simulator, ORGS);
      const found = convergence(recovered, held);
      record("token expired mid-up; new token in config, up", simulator, found, 2, true);

      expect(up.changes).toEqual({ same: createdBefore + 1, create: 20 - createdBefore });
      expect(found).toEqual(CLEAN);
      expect(heldTargets(simulator)).toEqual(declaredTargets(program));
      const rerun = simulator.requests.slice(firstRerunRequest);
      expect(rerun.every((request) => request.headers["authorization"] === `Bearer ${newToken}`)).toBe(true);
    }),
  2 * ENGINE_TIMEOUT_MS,
);
