import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, ORG, TOKEN } from "../../testkit/test-simulator";
import { newTypeScriptProject } from "../e2e/harness/typescript-project";
import { useCliSession } from "../e2e/harness/use-cli-session";
import { runInstalledCli } from "./run-built-cli";

// "A whole org under management in two commands", with the real `pulumi`: hand-made
// webhooks in OpenSolar (two to one endpoint, one that another stack manages), then
// `npx pulumi-opensolar import-file --org` and `pulumi import --file`. The engine takes the
// names as they are, and the managed webhook stays out of this stack.

const MARKER = "X-Pulumi-Opensolar-Owner-0123456789abcdef0123-0a1b2c3d4e5f";
const cli = useCliSession();

test(
  "import-file --org, then pulumi import --file: every unmanaged webhook in the stack under its endpoint's name; OpenSolar only read",
  async () => {
    const { session, simulator } = cli;
    const headerValue = "hand-made-secret-81d3f0";
    session.declareSecret(headerValue, "a hand-made webhook's header value");
    const crm = simulator.seedWebhook(ORG, { endpoint: "https://crm.example.com/hooks", headers: JSON.stringify({ "X-Secret": headerValue }) });
    const twin = simulator.seedWebhook(ORG, { endpoint: "https://crm.example.com/hooks", enabled: false });
    const erp = simulator.seedWebhook(ORG, { endpoint: "https://erp.example.com/opensolar/in" });
    const managed = simulator.seedWebhook(ORG, { endpoint: "https://managed.example.com/", headers: JSON.stringify({ [MARKER]: "managed-by-pulumi-opensolar" }) });
    const project = newTypeScriptProject(session.projectDir("adopt-org"), { name: "adopt-org", indexTs: "export {};\n" });
    const stack = session.stack(project.dir, "dev");
    try {
      await stack.configureProvider(simulator);
      const pluginDir = path.join(project.dir, "node_modules/pulumi-opensolar/dist/plugin");
      const version = (JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8")) as { version: string }).version;
      await stack.pulumi("plugin", "install", "resource", "opensolar", version, "--file", pluginDir);
      simulator.clearRequests();

      // Command 1.
      const made = await runInstalledCli(project.dir, ["import-file", "--org", String(ORG), "--out", "import.json"], {
        OPENSOLAR_API_TOKEN: TOKEN,
        OPENSOLAR_BASE_URL: simulator.url,
      });
      expect(made.exitCode).toBe(0);
      expect(made.stderr).toContain(`left out 1 webhook that a stack manages already (it carries a pulumi-opensolar ownership marker): ${managed.id}.`);
      session.recordFile(path.join(project.dir, "import.json"));

      // Command 2.
      const imported = await stack.pulumi("import", "--file", "import.json", "--yes", "--out", "imported.ts");
      expect(imported).toMatch(/\b3 imported\b/);
      expect(mutations(simulator)).toEqual([]);
      // The names are valid in generated code too. (That code holds the header values OpenSolar
      // answered in plain text: the README says to move them into secret config.)
      const code = fs.readFileSync(path.join(project.dir, "imported.ts"), "utf8");
      for (const name of [`crm-example-com-hooks-${crm.id}`, `crm-example-com-hooks-${twin.id}`, "erp-example-com-opensolar-in"]) {
        expect(code).toContain(`new opensolar.Webhook("${name}"`);
      }

      await stack.pulumi("stack", "export", "--file", "state.json");
      session.recordFile(path.join(project.dir, "state.json"));
      const resources = (JSON.parse(fs.readFileSync(path.join(project.dir, "state.json"), "utf8")) as {
        deployment: { resources: Array<{ urn: string; type: string; id?: string; protect?: boolean; outputs?: Record<string, unknown> }> };
      }).deployment.resources.filter((resource) => resource.type === "opensolar:index:Webhook");
      expect(resources.map((resource) => [resource.urn.split("::").pop(), resource.id, resource.protect]).sort()).toEqual(
        [
          [`crm-example-com-hooks-${crm.id}`, String(crm.id), true],
          [`crm-example-com-hooks-${twin.id}`, String(twin.id), true],
          ["erp-example-com-opensolar-in", String(erp.id), true],
        ].sort(),
      );
      expect(simulator.webhooks(ORG)).toHaveLength(4);
    } finally {
      await stack.remove();
    }
  },
  4 * ENGINE_TIMEOUT_MS,
);
