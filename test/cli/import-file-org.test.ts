import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Simulator } from "../../simulator";
import { mutations, ORG, OTHER_ORG, TOKEN, withSimulator } from "../../testkit/test-simulator";
import { assertBuiltCliIsCurrent, runBuiltCli } from "./run-built-cli";

// `pulumi-opensolar import-file --org`, the built command run as users run it, against the
// simulator over real HTTP: hand-made webhooks (one carrying another stack's ownership
// marker), listed page by page, become the file `pulumi import --file` takes.

beforeAll(() => assertBuiltCliIsCurrent());

// A marker as the provider writes it (X-Pulumi-Opensolar-Owner-<owner key>-<nonce>).
const MARKER = "X-Pulumi-Opensolar-Owner-0123456789abcdef0123-0a1b2c3d4e5f";
const HEADER_SECRET = "receiver-secret-5d1e7a";

function seedOrg(simulator: Simulator): { crm: number; crmTwin: number; erp: number; managed: number; disabled: number } {
  const crm = simulator.seedWebhook(ORG, { endpoint: "https://crm.example.com/hooks", headers: JSON.stringify({ "X-Secret": HEADER_SECRET }) });
  const erp = simulator.seedWebhook(ORG, { endpoint: "https://erp.example.com/opensolar/in?key=abc123" });
  const managed = simulator.seedWebhook(ORG, {
    endpoint: "https://managed.example.com/hooks",
    headers: JSON.stringify({ "X-Secret": HEADER_SECRET, [MARKER]: "managed-by-pulumi-opensolar" }),
  });
  const crmTwin = simulator.seedWebhook(ORG, { endpoint: "https://crm.example.com/hooks" });
  const disabled = simulator.seedWebhook(ORG, { endpoint: "https://old.example.com/", enabled: false });
  // Another org's webhook, which must not appear.
  simulator.seedWebhook(OTHER_ORG, { endpoint: "https://elsewhere.example.com/" });
  return { crm: crm.id, crmTwin: crmTwin.id, erp: erp.id, managed: managed.id, disabled: disabled.id };
}

function envFor(simulator: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return { OPENSOLAR_API_TOKEN: TOKEN, OPENSOLAR_BASE_URL: simulator.url, OPENSOLAR_RETRY_BASE_MS: "10", ...extra };
}

test("lists every page of the org and writes the import file to stdout; the managed webhook is left out and reported", () =>
  withSimulator(
    async (simulator) => {
      const ids = seedOrg(simulator);
      simulator.clearRequests();

      const run = await runBuiltCli(["import-file", "--org", String(ORG)], envFor(simulator));

      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        resources: [
          { type: "opensolar:index:Webhook", name: `crm-example-com-hooks-${ids.crm}`, id: `${ORG}/${ids.crm}` },
          { type: "opensolar:index:Webhook", name: "erp-example-com-opensolar-in", id: `${ORG}/${ids.erp}` },
          { type: "opensolar:index:Webhook", name: `crm-example-com-hooks-${ids.crmTwin}`, id: `${ORG}/${ids.crmTwin}` },
          { type: "opensolar:index:Webhook", name: "old-example-com", id: `${ORG}/${ids.disabled}` },
        ],
      });
      expect(run.stderr).toContain(`org ${ORG} has 5 webhooks; 4 written to stdout`);
      expect(run.stderr).toContain(`left out 1 webhook that a stack manages already (it carries a pulumi-opensolar ownership marker): ${ids.managed}.`);
      expect(run.stderr).toContain("--include-managed");
      // Paged: three GETs of the list (2 + 2 + 1), nothing else, nothing changed.
      expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual(
        Array.from({ length: 3 }, () => `GET /api/orgs/${ORG}/webhooks/`),
      );
      expect(mutations(simulator)).toEqual([]);
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(HEADER_SECRET);
        expect(text).not.toContain("abc123");
      }
    },
    { pageSize: 2 },
  ));

test("--include-managed writes the managed webhook too, and says so; --out writes a file and leaves stdout empty", () =>
  withSimulator(async (simulator) => {
    const ids = seedOrg(simulator);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-import-file-"));
    try {
      const out = path.join(dir, "import.json");
      const run = await runBuiltCli(["import-file", "--org", String(ORG), "--include-managed", "--out", out], envFor(simulator));

      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe("");
      const written = JSON.parse(fs.readFileSync(out, "utf8")) as { resources: Array<{ name: string; id: string }> };
      expect(written.resources.map((resource) => resource.id)).toEqual(
        [ids.crm, ids.erp, ids.managed, ids.crmTwin, ids.disabled].map((id) => `${ORG}/${id}`),
      );
      expect(written.resources.find((resource) => resource.id === `${ORG}/${ids.managed}`)?.name).toBe("managed-example-com-hooks");
      expect(run.stderr).toContain(`written although a stack manages it already (--include-managed): ${ids.managed}.`);
      expect(run.stderr).toContain(`Next: pulumi import --file ${out}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test("with masked header values the marker's name still shows the webhook is managed", () =>
  withSimulator(
    async (simulator) => {
      const ids = seedOrg(simulator);
      const run = await runBuiltCli(["import-file", "--org", String(ORG)], envFor(simulator));
      expect(run.exitCode).toBe(0);
      expect((JSON.parse(run.stdout) as { resources: Array<{ id: string }> }).resources.map((resource) => resource.id)).not.toContain(
        `${ORG}/${ids.managed}`,
      );
      expect(run.stderr).toContain(`: ${ids.managed}.`);
    },
    { maskHeaderValues: true },
  ));

test("the org comes from OPENSOLAR_ORG_ID when --org is left out; an empty org gives an empty file", () =>
  withSimulator(async (simulator) => {
    const run = await runBuiltCli(["import-file"], envFor(simulator, { OPENSOLAR_ORG_ID: String(OTHER_ORG) }));
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ resources: [] });
    expect(run.stderr).toContain(`org ${OTHER_ORG} has 0 webhooks; 0 written to stdout.`);
  }));

describe("failures say what, where and what to do, and never show the token", () => {
  test("a refused token: 401, exit 1, the call named", () =>
    withSimulator(async (simulator) => {
      const wrong = "wrong-token-77c1d0e9";
      const run = await runBuiltCli(["import-file", "--org", String(ORG)], envFor(simulator, { OPENSOLAR_API_TOKEN: wrong }));
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(new RegExp(`^pulumi-opensolar: import-file --org ${ORG}: GET /api/orgs/${ORG}/webhooks/ was refused \\(401\\)`));
      expect(run.stderr).toContain("OPENSOLAR_API_TOKEN");
      expect(run.stderr).not.toContain(wrong);
    }));

  test("an org the token cannot see: 403 names the org", () =>
    withSimulator(async (simulator) => {
      const run = await runBuiltCli(["import-file", "--org", "999"], envFor(simulator));
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("GET /api/orgs/999/webhooks/ was forbidden (403): the API token has no access to org 999");
      expect(run.stderr).not.toContain(TOKEN);
    }));

  test("no token: says which variable to set, sends nothing", () =>
    withSimulator(async (simulator) => {
      const run = await runBuiltCli(["import-file", "--org", String(ORG)], { OPENSOLAR_BASE_URL: simulator.url });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("no API token. Set OPENSOLAR_API_TOKEN");
      expect(simulator.requests).toEqual([]);
    }));

  test("an unreachable API: a network error that names the call", async () => {
    const closed = await withSimulator(async (simulator) => simulator.url);
    const run = await runBuiltCli(["import-file", "--org", String(ORG)], {
      OPENSOLAR_API_TOKEN: TOKEN,
      OPENSOLAR_BASE_URL: closed,
      OPENSOLAR_MAX_RETRIES: "0",
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`GET /api/orgs/${ORG}/webhooks/ got no answer (connection refused)`);
  });

  test.each([
    [["import-file", "--org", "abc"], "--org must be an OpenSolar org id"],
    [["import-file", "--org", "1", "--from-stack-export", "x.json"], "not both"],
    [["import-file", "--print-state-delete", "--org", "1"], "--print-state-delete goes with --from-stack-export"],
    [["import-file", "--token", "s3cr3t-on-the-line"], "it has no option --token"],
    [["import-file", "s3cr3t-positional"], "it takes no arguments besides its options"],
    [["import-file"], "say which org"],
  ])("usage error %j: exit 2, %s, no value repeated", async (args, expected) => {
    const run = await runBuiltCli(args, {});
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).toContain("--help");
    expect(run.stderr).not.toContain("s3cr3t");
  });
});

test("--help prints the options and exits 0", async () => {
  const run = await runBuiltCli(["import-file", "--help"]);
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toContain("--from-stack-export <file>");
  expect(run.stdout).toContain("--include-managed");
  expect((await runBuiltCli(["--help"])).stdout).toContain("import-file");
});
