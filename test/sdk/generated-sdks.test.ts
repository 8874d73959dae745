// The Node.js, Python and Go SDKs generated from the opensolar schema compile, and each marks
// the secrets: a plain string passed to `headers` or `apiToken` reaches the engine as a secret
// and their outputs stay secret. Otherwise a user of the SDK writes them in plain text to state.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { probeGoSdk, probeNodejsSdk, readPythonSecrets, REPO_ROOT, runGenSdks, type GenSdksRun, type Registration } from "./sdk-probes";

const REAL_SCHEMA = path.join(REPO_ROOT, "dist/plugin/schema.json");
const SCHEMA_SOURCE = path.join(REPO_ROOT, "provider/plugin/schema.ts");
const FIXTURE_SCHEMA = path.join(REPO_ROOT, "test/fixtures/opensolar-schema.json");

// OPENSOLAR_SDK_SCHEMA names another schema (the fixture, a schema being worked on); else the
// plugin's schema once its generator exists (a missing build is an error, not a fallback);
// until then the fixture that stands in for it.
function schemaUnderTest(): string {
  const chosen = process.env["OPENSOLAR_SDK_SCHEMA"];
  if (chosen) return path.resolve(REPO_ROOT, chosen);
  if (fs.existsSync(REAL_SCHEMA)) return REAL_SCHEMA;
  if (fs.existsSync(SCHEMA_SOURCE)) {
    throw new Error(
      `${path.relative(REPO_ROOT, SCHEMA_SOURCE)} exists but ${path.relative(REPO_ROOT, REAL_SCHEMA)} does not: run \`npm run build\` before this test.`,
    );
  }
  return FIXTURE_SCHEMA;
}

const SCHEMA = schemaUnderTest();
// Minutes the first time on a machine (sdk-gen and the Go SDK compile), seconds after.
const GENERATE_TIMEOUT_MS = 20 * 60 * 1000;

function registrationOf(registrations: Registration[], type: string): Registration {
  const found = registrations.find((r) => r.type === type);
  if (!found) throw new Error(`no registration of ${type} among ${registrations.map((r) => r.type).join(", ")}`);
  return found;
}

describe(`SDKs generated from ${path.relative(REPO_ROOT, SCHEMA)}`, () => {
  let work: string;
  let run: GenSdksRun;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-sdks-"));
    run = runGenSdks(SCHEMA, path.join(work, "sdk"));
  }, GENERATE_TIMEOUT_MS);

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  function folder(language: string): string {
    const dir = run.folders[language];
    if (!dir) throw new Error(`gen-sdks.sh printed no ${language} folder (exit ${String(run.status)}):\n${run.stderr}`);
    return dir;
  }

  test("gen-sdks.sh generates and compiles all three and prints where each is", () => {
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.folders).toEqual({
      nodejs: path.join(work, "sdk/nodejs"),
      python: path.join(work, "sdk/python"),
      go: path.join(work, "sdk/go"),
    });
    // tsc's output as a package, the Go module's resolved dependencies.
    expect(fs.existsSync(path.join(folder("nodejs"), "bin/webhook.js"))).toBe(true);
    expect(fs.existsSync(path.join(folder("nodejs"), "bin/package.json"))).toBe(true);
    expect(fs.existsSync(path.join(folder("nodejs"), "bin/webhook.d.ts"))).toBe(true);
    expect(fs.readFileSync(path.join(folder("go"), "go.sum"), "utf8")).toMatch(/^github\.com\/pulumi\/pulumi\/sdk\/v3 /m);
  });

  // Node.js and Go SDKs run a probe program that records what each registers.
  function describeRegistrations(language: string, probe: () => Registration[] | Promise<Registration[]>, timeoutMs?: number): void {
    describe(language, () => {
      let registrations: Registration[];
      beforeAll(async () => {
        registrations = await probe();
      }, timeoutMs);

      test("Webhook sends plain headers as a secret and keeps the headers output secret", () => {
        const webhook = registrationOf(registrations, "opensolar:index:Webhook");
        expect(webhook.secretInputs).toEqual(["headers"]);
        expect(webhook.additionalSecretOutputs).toContain("headers");
      });

      // A provider's state is its inputs, so the secret input is what keeps the token encrypted.
      test("the provider sends a plain apiToken as a secret", () => {
        const provider = registrationOf(registrations, "pulumi:providers:opensolar");
        expect(provider.secretInputs).toEqual(["apiToken"]);
      });

      test("WebhookSecret keeps every secret output secret", () => {
        const secret = registrationOf(registrations, "opensolar:index:WebhookSecret");
        expect(secret.additionalSecretOutputs).toEqual(expect.arrayContaining(["current", "previous", "headers", "acceptedSecrets"]));
      });
    });
  }

  describeRegistrations("Node.js", () => probeNodejsSdk(folder("nodejs")));

  describe("Python", () => {
    let classes: ReturnType<typeof readPythonSecrets>;
    beforeAll(() => {
      classes = readPythonSecrets(folder("python"));
    });

    test("Webhook wraps headers in Output.secret and keeps the headers output secret", () => {
      expect(classes["Webhook"]).toEqual({ secretInputs: ["headers"], additionalSecretOutputs: ["headers"] });
    });

    test("the provider wraps api_token in Output.secret", () => {
      expect(classes["Provider"]?.secretInputs).toEqual(["api_token"]);
    });

    test("WebhookSecret keeps every secret output secret", () => {
      expect(classes["WebhookSecret"]?.additionalSecretOutputs).toEqual(
        expect.arrayContaining(["current", "previous", "headers", "acceptedSecrets"]),
      );
    });
  });

  describeRegistrations("Go", () => probeGoSdk(folder("go"), path.join(work, "go-probe")), GENERATE_TIMEOUT_MS);
});

describe("gen-sdks.sh failures", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-sdks-bad-"));
  });
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("a missing schema says how to make one", () => {
    const run = runGenSdks(path.join(work, "missing.json"), path.join(work, "sdk"));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("No schema at");
    expect(run.stderr).toContain("npm run build");
  });

  test("a schema whose SDK does not compile names the language and prints no SDK folder", () => {
    const schema = path.join(work, "not-a-schema.json");
    // A resource property whose type does not exist.
    const broken = JSON.parse(fs.readFileSync(FIXTURE_SCHEMA, "utf8")) as { resources: Record<string, { inputProperties: Record<string, unknown> }> };
    const webhook = broken.resources["opensolar:index:Webhook"];
    if (!webhook) throw new Error("the fixture schema has no opensolar:index:Webhook");
    webhook.inputProperties["endpoint"] = { $ref: "#/types/opensolar:index:NoSuchType" };
    fs.writeFileSync(schema, JSON.stringify(broken));
    const run = runGenSdks(schema, path.join(work, "sdk"));
    expect(run.status).toBe(1);
    // The CLI writes the dangling reference; tsc refuses it.
    expect(run.stderr).toMatch(/FAILED after \d+ s: (generating|compiling) the Node\.js SDK/);
    expect(run.folders).toEqual({});
  });
});
