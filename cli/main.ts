#!/usr/bin/env node
import { CliError } from "./cli-error";
import { IMPORT_FILE_HELP, importFileCommand, type CommandIo } from "./import-file";
import { ENV_KEYS, isOpenSolarError, redact } from "./provider-access";

// `pulumi-opensolar`, the package's command (`npx pulumi-opensolar …`). One subcommand
// today: import-file. Exit codes: 0 done, 1 failed, 2 a command line it does not understand.

const HELP = `Usage: pulumi-opensolar <command> [options]

Commands:
  import-file   write the file \`pulumi import --file\` takes: an org's webhooks, or the
                native webhooks that replace a stack's dynamic OpenSolarWebhook

Run \`pulumi-opensolar import-file --help\` for its options.
`;

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout(command === "help" && rest[0] === "import-file" ? IMPORT_FILE_HELP : HELP);
      return command === undefined ? 2 : 0;
    }
    if (command !== "import-file") {
      io.stderr(`pulumi-opensolar: there is no command of that name. Commands: import-file (see --help).\n`);
      return 2;
    }
    await importFileCommand(rest, io);
    return 0;
  } catch (error) {
    io.stderr(`${describe(error, io.env)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** The message for the user: ours as it is, anything else scrubbed of the token. */
function describe(error: unknown, env: NodeJS.ProcessEnv): string {
  const token = env[ENV_KEYS.apiToken];
  if (error instanceof CliError || isOpenSolarError(error)) return redact(error.message, [token]);
  const message = error instanceof Error ? error.message : "a non-error value was thrown";
  return redact(`pulumi-opensolar: import-file failed unexpectedly: ${message}. Run it again; if it fails the same way, report it.`, [token]);
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
