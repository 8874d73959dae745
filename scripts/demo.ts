import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import quickstart from "../examples/quickstart";
import { startSimulator, type Simulator, type StoredWebhook } from "../simulator";

// `npm run demo`: the root Pulumi project (Pulumi.yaml, examples/quickstart) run by the
// real Pulumi engine against the local OpenSolar simulator: preview, up, the webhook as
// the simulator holds it, and a second preview that finds nothing to do.
// `npm run demo -- --destroy` goes on with `pulumi destroy`.
//
// The Node.js language host is not needed: the program runs inline through the Automation
// API. State lives in .pulumi-local/ (git-ignored). The simulator lives as long as this
// process, so each run first refreshes what an earlier run left in state.

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const LOCAL_DIR = path.join(REPO_ROOT, ".pulumi-local");
const PROJECT_DIR = path.join(LOCAL_DIR, "project");
const STACK_NAME = "demo";
const ORG_ID = 1;
const ENDPOINT = "https://receiver.example.com/opensolar";
// Protects only this local demo state.
const PASSPHRASE = "opensolar-demo";

async function main(): Promise<void> {
  const destroy = process.argv.slice(2).includes("--destroy");

  heading("Pulumi CLI");
  const cli = pulumiCli();
  console.log(cli);

  heading("OpenSolar simulator");
  const token = `demo-${randomBytes(12).toString("hex")}`;
  const simulator = await startSimulator({ tokens: { [token]: [ORG_ID] } });
  console.log(`listening on ${simulator.url} (org ${ORG_ID}; a fresh API token for this run)`);

  try {
    const stack = await demoStack(cli, simulator, token);
    await forgetEarlierRun(stack);

    heading("pulumi preview");
    await stack.preview({ onOutput: print, color: color() });

    heading("pulumi up");
    await stack.up({ onOutput: print, color: color() });

    heading("The webhook, as the simulator holds it");
    for (const webhook of simulator.webhooks(ORG_ID)) console.log(describe(webhook));

    heading("pulumi preview, again: nothing to do");
    const again = await stack.preview({ color: color() });
    console.log(summarize(again.changeSummary));

    if (destroy) {
      heading("pulumi destroy");
      await stack.destroy({ onOutput: print, color: color() });
      await stack.workspace.removeStack(STACK_NAME);
      console.log(`The simulator now holds ${simulator.webhooks(ORG_ID).length} webhooks; the demo stack is removed.`);
    } else {
      heading("Tear it down");
      console.log(
        [
          "The simulator stops with this demo; the stack's state stays in .pulumi-local/ (git-ignored),",
          "and the next run starts by refreshing it. To see the whole lifecycle, destroy included:",
          "",
          "  npm run demo -- --destroy",
          "",
          "To forget the demo stack: rm -rf .pulumi-local",
          "Against real OpenSolar with your own Pulumi CLI: see the comment at the top of Pulumi.yaml.",
        ].join("\n"),
      );
    }
  } finally {
    await simulator.close();
  }
}

/** The CLI from scripts/pulumi-cli.sh (built once if there is none; its progress shows on stderr). */
function pulumiCli(): string {
  return execFileSync("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

async function demoStack(cli: string, simulator: Simulator, token: string): Promise<Stack> {
  const pulumiRoot = path.dirname(path.dirname(cli));
  const pulumiHome = path.join(LOCAL_DIR, "pulumi-home");
  const stateDir = path.join(LOCAL_DIR, "state");
  for (const dir of [PROJECT_DIR, pulumiHome, stateDir]) fs.mkdirSync(dir, { recursive: true });

  const env = {
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    // The CLI's folder holds the Node.js plugin that runs dynamic providers.
    PATH: [path.dirname(cli), process.env["PATH"] ?? ""].join(path.delimiter),
  };
  Object.assign(process.env, env);
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot, skipVersionCheck: true });

  // The root project, as Pulumi.yaml declares it (name, config schema), kept in
  // .pulumi-local/project with a file backend next to it.
  const rootProject = await LocalWorkspace.create({ workDir: REPO_ROOT, pulumiCommand, pulumiHome, envVars: env });
  const { main: _main, ...declared } = await rootProject.projectSettings();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: STACK_NAME, projectName: declared.name, program: quickstart },
    {
      workDir: PROJECT_DIR,
      pulumiHome,
      pulumiCommand,
      envVars: env,
      projectSettings: { ...declared, backend: { url: `file://${stateDir}` } },
    },
  );
  await stack.setAllConfig({
    "opensolar:apiToken": { value: token, secret: true },
    "opensolar:baseUrl": { value: simulator.url },
    "opensolar:orgId": { value: String(ORG_ID) },
    endpoint: { value: ENDPOINT },
    receiverToken: { value: randomBytes(24).toString("hex"), secret: true },
  });
  console.log(`stack "${STACK_NAME}" of project "${declared.name}", state in ${path.relative(REPO_ROOT, stateDir)}/`);
  return stack;
}


/**
 * An earlier run's webhook lived in that run's simulator; refresh drops it from state. It
 * runs the program, so the provider uses this run's config (simulator URL and token), not
 * the config recorded in state with the earlier run.
 */
async function forgetEarlierRun(stack: Stack): Promise<void> {
  const state = await stack.exportStack();
  const resources = (state.deployment as { resources?: unknown[] } | undefined)?.resources ?? [];
  if (resources.length === 0) return;
  heading("pulumi refresh --run-program: the earlier run's simulator is gone");
  await stack.refresh({ onOutput: print, color: color(), runProgram: true });
}

/** The stored webhook, header values masked: they are secrets (OpenSolar holds them as sent). */
function describe(webhook: StoredWebhook): string {
  const headers = JSON.parse(webhook.headers || "{}") as Record<string, string>;
  const masked = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `<${value.length} characters, secret>`]));
  return JSON.stringify({ ...webhook, headers: masked }, null, 2);
}

function summarize(changes: Record<string, number | undefined> | undefined): string {
  const parts = Object.entries(changes ?? {}).map(([op, count]) => `${op}: ${count ?? 0}`);
  return `changes: ${parts.join(", ") || "none"}`;
}

function heading(title: string): void {
  console.log(`\n=== ${title} ===`);
}

function print(text: string): void {
  process.stdout.write(text);
}

function color(): "always" | "never" {
  return process.stdout.isTTY ? "always" : "never";
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
