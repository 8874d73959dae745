// Errors of the command line tools: what went wrong, where (the option, the file, the
// resource), and what to do. Like the provider's errors they never quote a file's content
// or an answer, and never carry a token.

const PREFIX = "pulumi-opensolar: ";

/** The command cannot go on; the message is for the user as it is. */
export class CliError extends Error {
  override name = "CliError";
  /** 2 for a command line the tool does not understand, 1 for everything else. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message);
    this.exitCode = exitCode;
  }
}

/** A command line the tool does not understand: exit code 2, and a pointer to --help. */
export class CliUsageError extends CliError {
  override name = "CliUsageError";
  constructor(message: string) {
    super(`${message} Run \`pulumi-opensolar import-file --help\` for the options.`, 2);
  }
}
