#!/usr/bin/env node
import { parseCliArgs, USAGE, type CliArgs } from "./cli-args";
import { startSimulator } from "./start";
import type { Simulator } from "./types";

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    fail(`${messageOf(error)} Run opensolar-simulator --help for the options.`);
    return;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }

  let simulator: Simulator;
  try {
    simulator = await startSimulator(args.options);
  } catch (error) {
    fail(messageOf(error));
    return;
  }
  // Before the banner: whoever reads it may stop the simulator at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1); // a second Ctrl+C means now
    stopping = true;
    console.log(`\n${signal}: stopping the simulator.`);
    simulator.close().catch((error: unknown) => fail(`close failed: ${messageOf(error)}`));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  // Never print a token the user chose; the default one is a well-known fake.
  const token = args.tokenGiven ? "<the value you passed to --token>" : args.token;
  const orgId = String(args.orgIds[0] ?? 1);
  console.log(`OpenSolar simulator listening on ${simulator.url}

Point the provider at it with environment variables:
  export OPENSOLAR_BASE_URL=${simulator.url}
  export OPENSOLAR_API_TOKEN=${token}
  export OPENSOLAR_ORG_ID=${orgId}
or with stack configuration:
  pulumi config set opensolar:baseUrl ${simulator.url}

Inspect it: curl ${simulator.url}/__simulator/requests
            curl ${simulator.url}/__simulator/orgs/${orgId}/webhooks
Fire webhooks with a change (delivered to loopback endpoints only, unless --allow-non-loopback):
  curl -X POST ${simulator.url}/__simulator/orgs/${orgId}/changes \\
    -H 'Content-Type: application/json' \\
    -d '{"model": "project", "event": "CREATE", "fields": {"address": "1 Sun St", "stage": 1}}'
Delivery log: curl -H "Authorization: Bearer ${token}" ${simulator.url}/api/orgs/${orgId}/webhook_process_logs/
Press Ctrl+C to stop.`);

}

/** One line on stderr and exit code 1: a user needs what went wrong, not a stack trace. */
function fail(message: string): void {
  console.error(`opensolar-simulator: ${message}`);
  process.exitCode = 1;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^pulumi-opensolar simulator: /, "").replace(/\s*\n\s*/g, " ");
}

main().catch((error: unknown) => fail(`unexpected failure: ${messageOf(error)}`));
