import * as fs from "node:fs";
import * as path from "node:path";
import { HEADER_VALUE, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { webhookResources } from "../../testkit/engine/exported-state";
import { filesUnder } from "../../testkit/engine/files-under";
import { ORG, withSimulator, TOKEN } from "../../testkit/test-simulator";
import { isEncryptedSecret, secretsIn } from "./harness/secrets";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 9: the API token and the header values never appear in plain text: not in
// `pulumi stack export`, not in any file the backend or the workspace writes, not in any
// line the engine prints (debug logging on, drift on secrets, and a failure whose answer
// echoes the secrets included). Headers are secrets in state.

const SIGNATURE_VALUE = "sig-value-8d2c61aa04";
const ROTATED_VALUE = "hook-secret-rotated-55e1a9";
const EDITED_IN_UI = "hook-secret-from-the-ui-77b3";
const REFUSED_VALUE = "hook-secret-refused-0f4e2d";
const ALL_SECRETS = [TOKEN, HEADER_VALUE, SIGNATURE_VALUE, ROTATED_VALUE, EDITED_IN_UI, REFUSED_VALUE];

const e2e = useE2eSession();

const withHeaders = (authorization: string) => ({
  webhooks: [webhookDeclaration("crm-sync", { headers: { Authorization: `Bearer ${authorization}`, "X-Signature": SIGNATURE_VALUE } })],
});

test(
  "no token or header value in state, on disk, or in anything the engine printed; headers are ciphertext",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("hygiene", simulator, { env: { OPENSOLAR_DEBUG: "1" } });

      const { export: afterCreate } = await stack.run(withHeaders(HEADER_VALUE), ["preview", "up", "export"]);
      const [created] = simulator.webhooks(ORG);
      if (!created) throw new Error("up created no webhook");

      // Rotate a header value, then have someone change it in OpenSolar: update and drift on a secret.
      await stack.run(withHeaders(ROTATED_VALUE), ["up"]);
      simulator.editWebhook(ORG, created.id, { headers: JSON.stringify({ Authorization: `Bearer ${EDITED_IN_UI}` }) });
      await stack.run(withHeaders(ROTATED_VALUE), ["refresh", "preview"]);

      // An API that echoes what it refuses, token included: the provider's error must not repeat it.
      simulator.addFault({
        method: "PATCH",
        status: 400,
        rawBody: JSON.stringify({ headers: [`"Bearer ${REFUSED_VALUE}" is not allowed for token ${TOKEN}`] }),
        times: 10,
      });
      const failed = await stack.runExpectingFailure(withHeaders(REFUSED_VALUE), "up");
      expect(failed.error).toContain("pulumi-opensolar");
      simulator.clearFaults();

      const { export: beforeDestroy } = await stack.run(withHeaders(ROTATED_VALUE), ["up", "export", "destroy"]);

      // Headers are encrypted in state, as inputs and as outputs.
      for (const exported of [afterCreate, beforeDestroy]) {
        const [webhook] = webhookResources(exported);
        expect(isEncryptedSecret(webhook?.inputs?.["headers"])).toBe(true);
        expect(isEncryptedSecret(webhook?.outputs?.["headers"])).toBe(true);
        expect(secretsIn(exported.exportedText ?? "", ALL_SECRETS)).toEqual([]);
      }

      // The provider's debug log was on, so the engine output holds its request lines too.
      expect(stack.transcript.join("\n")).toContain("pulumi-opensolar debug:");
      for (const [index, text] of stack.transcript.entries()) {
        expect({ operation: index, leaked: secretsIn(text, ALL_SECRETS) }).toEqual({ operation: index, leaked: [] });
      }

      // Everything else is the session's leak scan (testkit/engine/leak-scan.ts), run here so that a
      // leak fails this test by name: every operation's output and error, and every file of
      // the backend (state, backups, history), the workspace (stack settings), PULUMI_HOME
      // and the engine's -v=11 logs. It finds the secrets by itself; these make sure.
      e2e.session.declareSecret(TOKEN, "the API token", "credential");
      for (const value of ALL_SECRETS.slice(1)) e2e.session.declareSecret(value, "a header value of state-hygiene");
      const report = e2e.session.scanForLeaks();
      expect(report.occurrences).toEqual([]);
      expect(report.files).toBeGreaterThan(3);
      expect(filesUnder(e2e.session.engineTmpDir).length).toBeGreaterThan(0);

      // The token is secret stack config: encrypted in Pulumi.<stack>.yaml.
      const stackSettings = fs.readFileSync(path.join(stack.workDir, `Pulumi.${stack.name}.yaml`), "utf8");
      expect(stackSettings).toMatch(/opensolar:apiToken:\s*\n\s*secure:/);
    }),
  ENGINE_TIMEOUT_MS,
);
