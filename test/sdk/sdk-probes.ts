// Runs scripts/gen-sdks.sh and asks each generated SDK what it marks secret: the Node.js and Go
// SDKs by registering resources through Pulumi's own mock monitor (what the SDK sends to the
// engine), the Python SDK by its syntax tree (the Pulumi Python SDK is not installed here).
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** What one resource registration asked of the engine. */
export interface Registration {
  type: string;
  name: string;
  /** Input properties that reached the engine as secrets. */
  secretInputs: string[];
  /** Output properties the SDK asks the engine to keep secret. */
  additionalSecretOutputs: string[];
}

export interface GenSdksRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** language -> folder, from the script's stdout lines "<language> <folder>". */
  folders: Record<string, string>;
}

export function runGenSdks(schema: string, outDir: string): GenSdksRun {
  const result = spawnSync("bash", [path.join(REPO_ROOT, "scripts/gen-sdks.sh"), schema, outDir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const folders: Record<string, string> = {};
  for (const line of result.stdout.split("\n")) {
    const match = /^(nodejs|python|go) (\/.+)$/.exec(line);
    if (match?.[1] && match[2]) folders[match[1]] = match[2];
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, folders };
}

function failed(what: string, result: SpawnSyncReturns<string>): Error {
  return new Error(`${what} exited with ${String(result.status)}:\n${result.stderr}`);
}

// What a RegisterResource request asks: inputs sent as secret wrappers, additional secret outputs.
function describe(req: any): Registration {
  const object = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
  const secretInputs = Object.entries(object)
    .filter(([, value]) => {
      const wrapper = value as Record<string, unknown> | null;
      return typeof wrapper === "object" && wrapper?.[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
    })
    .map(([key]) => key)
    .sort();
  return {
    type: req.getType(),
    name: req.getName(),
    secretInputs,
    additionalSecretOutputs: [...(req.getAdditionalsecretoutputsList() as string[])].sort(),
  };
}

interface GeneratedNodejsSdk {
  Provider: new (name: string, args: Record<string, unknown>) => pulumi.ProviderResource;
  Webhook: new (name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
  WebhookSecret: new (name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
}

const settled = (output: pulumi.Output<string>): Promise<string> => new Promise((resolve) => output.apply(resolve));

/** Loads the compiled Node.js SDK (its bin/) and registers a Provider, a Webhook and a WebhookSecret with plain values. */
export async function probeNodejsSdk(sdkDir: string): Promise<Registration[]> {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
    "probe",
    "dev",
  );
  // The stock mock monitor answers; each request is recorded on its way in.
  const seen: Registration[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  const answer = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    seen.push(describe(req));
    return answer(req, callback);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(path.join(sdkDir, "bin")) as GeneratedNodejsSdk;
  const provider = new sdk.Provider("org-a", { apiToken: "plain-token-for-the-probe" });
  const webhook = new sdk.Webhook(
    "crm-sync",
    { endpoint: "https://crm.example.com/hooks/opensolar", headers: { Authorization: "Bearer plain-header-for-the-probe" } },
    { provider },
  );
  const secret = new sdk.WebhookSecret("crm-sync-secret", {}, { provider });
  await Promise.all([settled(provider.urn), settled(webhook.urn), settled(secret.urn)]);
  return seen;
}

/** Builds and runs test/sdk/go-probe against the generated Go SDK (a module that replaces the SDK's path with its folder). */
export function probeGoSdk(sdkDir: string, probeDir: string): Registration[] {
  const module = /^module (\S+)$/m.exec(fs.readFileSync(path.join(sdkDir, "go.mod"), "utf8"))?.[1];
  if (!module) throw new Error(`no module line in ${sdkDir}/go.mod`);
  const packageDir = fs
    .readdirSync(sdkDir, { withFileTypes: true })
    .find((entry) => entry.isDirectory() && fs.existsSync(path.join(sdkDir, entry.name, "provider.go")));
  if (!packageDir) throw new Error(`no package folder with provider.go in ${sdkDir}`);
  const template = fs.readFileSync(path.join(__dirname, "go-probe/main.go.tmpl"), "utf8");
  fs.mkdirSync(probeDir, { recursive: true });
  fs.writeFileSync(path.join(probeDir, "main.go"), template.replace("{{IMPORT_PATH}}", `${module}/${packageDir.name}`));
  fs.writeFileSync(
    path.join(probeDir, "go.mod"),
    `module opensolar-sdk-probe\n\ngo 1.24\n\nrequire ${module} v0.0.0\n\nreplace ${module} => ${sdkDir}\n`,
  );
  fs.copyFileSync(path.join(sdkDir, "go.sum"), path.join(probeDir, "go.sum"));
  const env = { ...process.env, CGO_ENABLED: "0" };
  const tidy = spawnSync("go", ["mod", "tidy"], { cwd: probeDir, encoding: "utf8", env });
  if (tidy.status !== 0) throw failed("go mod tidy in the Go probe", tidy);
  // The flags of scripts/gen-sdks.sh's Go build, so its build cache serves this one.
  const run = spawnSync("go", ["run", "-trimpath", "-tags", "osusergo,grpcnotrace", "-buildvcs=false", "."], {
    cwd: probeDir,
    encoding: "utf8",
    env,
  });
  if (run.status !== 0) throw failed("the Go probe", run);
  return JSON.parse(run.stdout) as Registration[];
}

/** Per class of the generated Python package: its additional secret outputs and its inputs wrapped in Output.secret. */
export function readPythonSecrets(sdkDir: string): Record<string, { additionalSecretOutputs: string[]; secretInputs: string[] }> {
  const packageDir = fs
    .readdirSync(sdkDir, { withFileTypes: true })
    .find((entry) => entry.isDirectory() && fs.existsSync(path.join(sdkDir, entry.name, "pulumi-plugin.json")));
  if (!packageDir) throw new Error(`no package folder with pulumi-plugin.json in ${sdkDir}`);
  const result = spawnSync("python3", [path.join(__dirname, "python-secrets.py"), path.join(sdkDir, packageDir.name)], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw failed("python-secrets.py", result);
  return JSON.parse(result.stdout) as Record<string, { additionalSecretOutputs: string[]; secretInputs: string[] }>;
}
