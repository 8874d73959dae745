import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { migrationPlan, nativeUrnOf, shellQuoted } from "../../cli/migration-plan";
import { parseStackExport, SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../../cli/stack-export";
import { assertBuiltCliIsCurrent, runBuiltCli } from "./run-built-cli";

// `import-file --from-stack-export` on an export a real engine made: fixtures/dynamic-stack-export.json
// is `pulumi stack export` of migrate-from-dynamic.test.ts's dynamic stack (a WebhookSecret,
// a component `crm` holding OpenSolarWebhook `crm-sync` (id 1001), and `erp-sync` (id 1002)
// whose headers come from the secret), taken with OPENSOLAR_E2E_KEEP=1. The variations below
// are that export with one thing changed, as another stack's history would have it.

const FIXTURE = path.join(__dirname, "fixtures", "dynamic-stack-export.json");
const CRM_URN = "urn:pulumi:dev::migrate::acme:index:Hooks$pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook::crm-sync";
const ERP_URN = "urn:pulumi:dev::migrate::pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook::erp-sync";

type Json = Record<string, unknown>;
interface Exported {
  version: number;
  deployment: { resources: Array<Json & { urn: string; outputs?: Json }>; pending_operations?: unknown[] };
}

function fixture(): Exported {
  return JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Exported;
}

function resource(exported: Exported, urn: string): Json & { urn: string; outputs: Json } {
  const found = exported.deployment.resources.find((entry) => entry.urn === urn);
  if (!found?.outputs) throw new Error(`the fixture has no resource ${urn} with outputs`);
  return found as Json & { urn: string; outputs: Json };
}

function planOf(exported: Exported) {
  return migrationPlan(parseStackExport(JSON.stringify(exported), "old.json"), "old.json");
}

let dir: string;
beforeAll(() => {
  assertBuiltCliIsCurrent();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-from-export-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function written(name: string, exported: Exported): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(exported));
  return file;
}

describe("the built command on the engine's export", () => {
  test("writes the native webhooks under the same names and parent, ids ORG/ID; the state deletes go to stderr", async () => {
    const run = await runBuiltCli(["import-file", "--from-stack-export", FIXTURE]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      nameTable: { crm: "urn:pulumi:dev::migrate::acme:index:Hooks::crm" },
      resources: [
        { type: "opensolar:index:Webhook", name: "crm-sync", id: "41/1001", parent: "crm" },
        { type: "opensolar:index:Webhook", name: "erp-sync", id: "41/1002" },
      ],
    });
    expect(run.stderr).toContain("2 webhooks written to stdout");
    expect(run.stderr).toContain(`After \`pulumi import --file <file>\` has succeeded`);
    expect(run.stderr).toContain(`  pulumi state delete '${CRM_URN}' --yes\n  pulumi state delete '${ERP_URN}' --yes\n`);
    expect(run.stderr).toContain("1 WebhookSecret resource (erp-secret) stay as they are");
    expect(run.stderr).toContain("Run no `pulumi up` in between");
  });

  test("--print-state-delete puts the commands on stdout and the file where --out says; without --out it refuses", async () => {
    const out = path.join(dir, "import.json");
    const run = await runBuiltCli(["import-file", "--from-stack-export", FIXTURE, "--out", out, "--print-state-delete"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`pulumi state delete '${CRM_URN}' --yes\npulumi state delete '${ERP_URN}' --yes\n`);
    expect((JSON.parse(fs.readFileSync(out, "utf8")) as { resources: unknown[] }).resources).toHaveLength(2);

    const refused = await runBuiltCli(["import-file", "--from-stack-export", FIXTURE, "--print-state-delete"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("needs --out <file>");
  });

  test("an encrypted orgId is refused, naming the resource and the way out; nothing is written", async () => {
    const exported = fixture();
    const crm = resource(exported, CRM_URN);
    // As a program that made orgId secret leaves it: ciphertext, which this tool cannot read.
    crm.outputs["orgId"] = { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, ciphertext: "v1:AAAAAAAAAAAAAAAA:c2VjcmV0LW9yZw==" };
    const out = path.join(dir, "refused.json");
    const run = await runBuiltCli(["import-file", "--from-stack-export", written("encrypted.json", exported), "--out", out]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("cannot be migrated as it is, and nothing was written: crm-sync: its orgId is encrypted in this export");
    expect(run.stderr).toContain("pulumi stack export --show-secrets");
    expect(run.stderr).not.toContain("c2VjcmV0LW9yZw");
    expect(fs.existsSync(out)).toBe(false);
  });

  test.each([
    ["not JSON", "{ not json", "is not JSON"],
    ["another JSON", JSON.stringify({ resources: [] }), "is not the output of `pulumi stack export` (at version)"],
    ["an old deployment version", JSON.stringify({ version: 2, deployment: {} }), "deployment version 2"],
    ["no dynamic webhook", JSON.stringify({ version: 3, deployment: { resources: [] } }), "holds no OpenSolarWebhook"],
  ])("%s: refused with what to do, the content never quoted", async (_label, text, expected) => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, text);
    const run = await runBuiltCli(["import-file", "--from-stack-export", file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).toContain("pulumi stack export");
    expect(run.stderr).not.toContain("not json");
  });

  test("a missing file says so", async () => {
    const run = await runBuiltCli(["import-file", "--from-stack-export", path.join(dir, "nope.json")]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("nope.json does not exist");
  });
});

describe("migrationPlan on variations of the export", () => {
  test("a secret exported with --show-secrets is read; the headers' ciphertext is never needed", () => {
    const exported = fixture();
    const crm = resource(exported, CRM_URN);
    crm.outputs["orgId"] = { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, plaintext: "42" };
    crm.outputs["webhookId"] = { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, plaintext: "1001" };
    // By org, then webhook id.
    expect(planOf(exported).importFile.resources.map((entry) => entry.id)).toEqual(["41/1002", "42/1001"]);
  });

  test("unfinished work is refused: a pending create, a replaced webhook not yet deleted, late copies", () => {
    const pending = fixture();
    pending.deployment.pending_operations = [{ type: "creating", resource: { urn: ERP_URN, type: "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook" } }];
    expect(() => planOf(pending)).toThrow(/1 unfinished operation on OpenSolarWebhook \(creating of erp-sync\).*pulumi refresh/);

    const replaced = fixture();
    replaced.deployment.resources.push({ ...resource(replaced, ERP_URN), id: "999", delete: true });
    expect(() => planOf(replaced)).toThrow(/1 replaced OpenSolarWebhook still waiting to be deleted \(erp-sync\).*pulumi up/);

    const copies = fixture();
    resource(copies, CRM_URN).outputs["lateCopies"] = [1005];
    expect(() => planOf(copies)).toThrow(/crm-sync: refresh found 1 late copy of its webhook/);
  });

  test("an id in state that is not the recorded webhookId is refused", () => {
    const exported = fixture();
    resource(exported, ERP_URN)["id"] = "1003";
    expect(() => planOf(exported)).toThrow(/erp-sync: its id in state and its webhookId output differ/);
  });

  test("a webhook already imported as the native type is left out of the file, its dynamic twin still dropped", () => {
    const exported = fixture();
    exported.deployment.resources.push({ urn: nativeUrnOf(ERP_URN), type: "opensolar:index:Webhook", custom: true, id: "1002", outputs: {} });
    const plan = planOf(exported);
    expect(plan.importFile.resources.map((entry) => entry.name)).toEqual(["crm-sync"]);
    expect(plan.stateDeletes.map((entry) => entry.urn)).toEqual([CRM_URN, ERP_URN]);
    expect(plan.notes.join("\n")).toContain("1 webhook is already in the stack as opensolar:index:Webhook (erp-sync)");
  });

  test("a protected dynamic webhook's state delete needs --force; a dependent is named", () => {
    const exported = fixture();
    resource(exported, CRM_URN)["protect"] = true;
    exported.deployment.resources.push({ urn: "urn:pulumi:dev::migrate::acme:index:Dns::record", type: "acme:index:Dns", custom: true, dependencies: [ERP_URN] });
    const plan = planOf(exported);
    expect(plan.stateDeletes.map((entry) => entry.command)).toEqual([
      `pulumi state delete '${CRM_URN}' --force --yes`,
      `pulumi state delete '${ERP_URN}' --yes`,
    ]);
    expect(plan.notes.join("\n")).toContain("erp-sync: record depends on it, so `pulumi state delete` refuses it");
  });

  test("a parent whose name a webhook has is named apart in nameTable", () => {
    const exported = fixture();
    const erp = resource(exported, ERP_URN);
    // erp-sync renamed "crm", the name of crm-sync's component.
    const renamed = ERP_URN.replace(/::erp-sync$/, "::crm");
    erp.urn = renamed;
    const plan = planOf(exported);
    expect(plan.importFile).toEqual({
      nameTable: { "crm-parent": "urn:pulumi:dev::migrate::acme:index:Hooks::crm" },
      resources: [
        { type: "opensolar:index:Webhook", name: "crm-sync", id: "41/1001", parent: "crm-parent" },
        { type: "opensolar:index:Webhook", name: "crm", id: "41/1002" },
      ],
    });
  });

  test("nativeUrnOf keeps the stack, project, parents and name", () => {
    expect(nativeUrnOf(CRM_URN)).toBe("urn:pulumi:dev::migrate::acme:index:Hooks$opensolar:index:Webhook::crm-sync");
    expect(nativeUrnOf(ERP_URN)).toBe("urn:pulumi:dev::migrate::opensolar:index:Webhook::erp-sync");
  });
});

test("shellQuoted survives a real shell, quotes and dollars included", () => {
  for (const text of ["urn:pulumi:dev::p::t::it's $HOME `x` \\ \"y\"", "plain", "''"]) {
    expect(execFileSync("sh", ["-c", `printf '%s' ${shellQuoted(text)}`], { encoding: "utf8" })).toBe(text);
  }
});
