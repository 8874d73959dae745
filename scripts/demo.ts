import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type StoredWebhook } from "../simulator";
import { REPO_ROOT } from "../testkit/engine/paths";
import { displayed, pulumiEnvironment, pulumiToolchain, runPulumi, type PulumiToolchain } from "./pulumi-commands";

// `npm run demo`: the root Pulumi project (Pulumi.yaml, examples/quickstart) run the way a
// user's `pulumi up` runs it: the real pulumi CLI in the repository root, its Node.js
// language host compiling the program with ts-node, against the OpenSolar simulator this
// process starts. It types what the comment at the top of Pulumi.yaml tells users to type:
// stack init, config set, preview, up; shows the webhook as the simulator holds it, and a
// second preview that finds nothing to do. `npm run demo -- --destroy` ends with destroy.
//
// Everything is temporary: a file backend and PULUMI_HOME in a temporary folder, and a stack
// of its own whose Pulumi.<stack>.yaml is removed at the end (also on Ctrl-C).

const ORG_ID = 1;
const ENDPOINT = "https://receiver.example.com/opensolar";
// Protects only this run's temporary state.
const PASSPHRASE = "opensolar-demo";

interface DemoRun {
  readonly tools: PulumiToolchain;
  readonly env: NodeJS.ProcessEnv;
  readonly stackName: string;
}

async function main(): Promise<void> {
  const destroy = process.argv.slice(2).includes("--destroy");

  heading("Pulumi CLI and its Node.js language host");
  const tools = pulumiToolchain();
  console.log(`${tools.cli}\n${tools.languageHost}`);

  heading("OpenSolar simulator");
  const token = `demo-${randomBytes(12).toString("hex")}`;
  const simulator = await startSimulator({ tokens: { [token]: [ORG_ID] } });
  console.log(`listening on ${simulator.url} (org ${ORG_ID}; a fresh API token for this run)`);

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-demo-"));
  const backendDir = path.join(tempDir, "backend");
  const pulumiHome = path.join(tempDir, "pulumi-home");
  for (const dir of [backendDir, pulumiHome]) fs.mkdirSync(dir);
  const stackName = `demo-${randomBytes(3).toString("hex")}`;
  const configFile = path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`);
  const demo: DemoRun = { tools, env: pulumiEnvironment(tools, { backendDir, pulumiHome, passphrase: PASSPHRASE }), stackName };
  const leaveNothing = () => {
    fs.rmSync(configFile, { force: true });
    fs.rmSync(tempDir, { recursive: true, force: true });
  };
  const interrupted = () => {
    leaveNothing();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);

  try {
    heading("A stack of the root project, configured as the top of Pulumi.yaml says");
    console.log(`(in ${REPO_ROOT}; state in a temporary file backend, ${backendDir})`);
    await pulumi(demo, ["stack", "init", stackName]);
    await pulumi(demo, ["config", "set", "--secret", "opensolar:apiToken", token]);
    await pulumi(demo, ["config", "set", "opensolar:orgId", String(ORG_ID)]);
    await pulumi(demo, ["config", "set", "opensolar:baseUrl", simulator.url]);
    await pulumi(demo, ["config", "set", "endpoint", ENDPOINT]);
    await pulumi(demo, ["config", "set", "--secret", "receiverToken", randomBytes(24).toString("hex")]);

    heading("pulumi preview");
    await pulumi(demo, ["preview"], { show: true });

    heading("pulumi up");
    await pulumi(demo, ["up", "--yes"], { show: true });

    heading("The webhook, as the simulator holds it");
    for (const webhook of simulator.webhooks(ORG_ID)) console.log(describe(webhook));

    heading("pulumi preview, again: nothing to do");
    await pulumi(demo, ["preview", "--expect-no-changes"], { show: true });

    if (destroy) {
      heading("pulumi destroy");
      await pulumi(demo, ["destroy", "--yes"], { show: true });
      console.log(`The simulator now holds ${simulator.webhooks(ORG_ID).length} webhooks.`);
    }
    heading("Done");
    console.log(
      [
        ...(destroy ? [] : ["To see the whole lifecycle, destroy included: npm run demo -- --destroy", ""]),
        `The simulator stops with this demo; the stack ${stackName}, its state and its Pulumi.${stackName}.yaml are removed.`,
        "Against real OpenSolar with your own Pulumi CLI: see the comment at the top of Pulumi.yaml.",
      ].join("\n"),
    );
  } finally {
    // Quietly: the stack, with whatever it still holds, and its config file beside Pulumi.yaml.
    await runPulumi(tools, ["stack", "rm", "--yes", "--force", stackName], { cwd: REPO_ROOT, env: demo.env });
    process.removeListener("SIGINT", interrupted);
    leaveNothing();
    await simulator.close();
  }
}

/**
 * Types `pulumi <args>` in the repository root, as shown. `show`: its output as it comes;
 * otherwise only when it fails.
 */
async function pulumi(demo: DemoRun, args: string[], options: { show?: boolean } = {}): Promise<void> {
  console.log(`$ ${displayed(args)}`);
  const result = await runPulumi(demo.tools, args, {
    cwd: REPO_ROOT,
    env: demo.env,
    // A Ctrl-C reaches the CLI too, which then stops cleanly.
    ownProcessGroup: false,
    ...(options.show ? { onOutput: (text: string) => process.stdout.write(text) } : {}),
  });
  if (result.exitCode !== 0) {
    if (!options.show) process.stdout.write(result.output);
    throw new Error(`\`${result.command}\` exited with ${String(result.exitCode)} (its output is above).`);
  }
}

/** The stored webhook, header values masked: they are secrets (OpenSolar holds them as sent). */
function describe(webhook: StoredWebhook): string {
  const headers = JSON.parse(webhook.headers || "{}") as Record<string, string>;
  const masked = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `<${value.length} characters, secret>`]));
  return JSON.stringify({ ...webhook, headers: masked }, null, 2);
}

function heading(title: string): void {
  console.log(`\n=== ${title} ===`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
