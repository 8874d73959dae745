import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { CliError, CliUsageError } from "./cli-error";
import { migrationPlan } from "./migration-plan";
import { orgImport } from "./org-import";
import { ENV_KEYS, isOpenSolarError, OpenSolarClient, resolveSettings } from "./provider-access";
import { formatImportFile, NATIVE_WEBHOOK_TYPE, type ImportFile } from "./pulumi-import-file";
import { parseStackExport } from "./stack-export";

// `pulumi-opensolar import-file`: writes the JSON `pulumi import --file` takes, either for
// every webhook of an org (a whole org under management in two commands), or, from
// `pulumi stack export` of a stack that declares the dynamic OpenSolarWebhook, for the
// native webhook under the same names (the migration), with the state deletes that follow.

export const IMPORT_FILE_HELP = `Usage: pulumi-opensolar import-file (--org <id> | --from-stack-export <file>) [options]

Writes the JSON file that \`pulumi import --file <file>\` takes, for the native
opensolar:index:Webhook resource (import ids ORG/WEBHOOK).

  --org <id>                  every webhook of this OpenSolar org, named after its endpoint
                              (default: OPENSOLAR_ORG_ID). Needs OPENSOLAR_API_TOKEN;
                              OPENSOLAR_BASE_URL points at another API (a simulator).
  --include-managed           also write webhooks that carry a pulumi-opensolar ownership
                              marker, i.e. that some stack manages already (left out and
                              reported on stderr otherwise)
  --from-stack-export <file>  from \`pulumi stack export\` of a stack that declares the dynamic
                              OpenSolarWebhook: the same names and parents, ids from its
                              recorded orgId and webhookId. Sends no request.
  --print-state-delete        with --from-stack-export: print the \`pulumi state delete\`
                              commands that drop the dynamic resources from the old state
                              on stdout, one a line (needs --out); otherwise they go to stderr
  --out <file>                write the import file there instead of stdout
  -h, --help                  show this help

Then: pulumi import --file <file>
`;

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

interface Options {
  readonly org: number | undefined;
  readonly fromStackExport: string | undefined;
  readonly includeManaged: boolean;
  readonly printStateDelete: boolean;
  readonly out: string | undefined;
  readonly help: boolean;
}

export async function importFileCommand(args: readonly string[], io: CommandIo): Promise<void> {
  const options = parseOptions(args, io.env);
  if (options.help) {
    io.stdout(IMPORT_FILE_HELP);
    return;
  }
  if (options.fromStackExport !== undefined) {
    fromStackExport(options.fromStackExport, options, io);
    return;
  }
  if (options.org === undefined) {
    throw new CliUsageError(`say which org: --org <id> (or set ${ENV_KEYS.orgId}), or --from-stack-export <file>.`);
  }
  await fromOrg(options.org, options, io);
}

function parseOptions(args: readonly string[], env: NodeJS.ProcessEnv): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        org: { type: "string" },
        "include-managed": { type: "boolean" },
        "from-stack-export": { type: "string" },
        "print-state-delete": { type: "boolean" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new CliUsageError(`import-file: ${describeParseError(error, args)}.`);
  }
  const fromStackExport = values["from-stack-export"];
  const includeManaged = values["include-managed"] ?? false;
  const printStateDelete = values["print-state-delete"] ?? false;
  const out = values.out;
  if (fromStackExport !== undefined && values.org !== undefined) {
    throw new CliUsageError("import-file takes --org or --from-stack-export, not both.");
  }
  if (fromStackExport !== undefined && includeManaged) {
    throw new CliUsageError("--include-managed goes with --org; a stack export names its own webhooks.");
  }
  if (fromStackExport === undefined && printStateDelete) {
    throw new CliUsageError("--print-state-delete goes with --from-stack-export.");
  }
  if (printStateDelete && out === undefined) {
    throw new CliUsageError("--print-state-delete prints the commands on stdout, so the import file needs --out <file>.");
  }
  const orgText = values.org ?? (fromStackExport === undefined ? env[ENV_KEYS.orgId] : undefined);
  return {
    org: orgText === undefined || orgText === "" ? undefined : orgIdOf(orgText, values.org === undefined ? ENV_KEYS.orgId : "--org"),
    fromStackExport,
    includeManaged,
    printStateDelete,
    out,
    help: values.help ?? false,
  };
}

const KNOWN_OPTIONS = new Set(["--org", "--include-managed", "--from-stack-export", "--print-state-delete", "--out", "--help", "-h"]);

/** What parseArgs found wrong, in words that name an option at most and never quote a value. */
function describeParseError(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return "it takes no arguments besides its options";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const unknown = args.map((arg) => arg.split("=")[0] ?? arg).find((arg) => arg.startsWith("-") && !KNOWN_OPTIONS.has(arg));
    return unknown !== undefined && /^--?[A-Za-z][A-Za-z0-9-]{0,40}$/.test(unknown) ? `it has no option ${unknown}` : "it has no such option";
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return "an option is missing its value, or has one it does not take";
  return "the command line cannot be read";
}

function orgIdOf(text: string, where: string): number {
  const value = Number(text);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new CliUsageError(`${where} must be an OpenSolar org id (a positive whole number).`);
  }
  return value;
}

async function fromOrg(orgId: number, options: Options, io: CommandIo): Promise<void> {
  let settings;
  try {
    // The provider's own settings: OPENSOLAR_BASE_URL, timeouts and retries.
    settings = resolveSettings(undefined, io.env);
  } catch (error) {
    throw isOpenSolarError(error) ? new CliError(`import-file: ${withoutPrefix(error.message)}`) : error;
  }
  if (settings.apiToken === undefined) {
    throw new CliError(
      `import-file --org ${orgId}: no API token. Set ${ENV_KEYS.apiToken} (this command reads no stack config; from a stack: ` +
        `\`${ENV_KEYS.apiToken}=$(pulumi config get opensolar:apiToken) npx pulumi-opensolar import-file --org ${orgId}\`).`,
    );
  }
  let webhooks;
  try {
    webhooks = await new OpenSolarClient(settings).listWebhooks(orgId);
  } catch (error) {
    if (isOpenSolarError(error)) throw new CliError(`import-file --org ${orgId}: ${withoutPrefix(error.message)}`);
    throw error;
  }
  const result = orgImport(orgId, webhooks, { includeManaged: options.includeManaged });
  write(result.importFile, options, io);
  const count = result.importFile.resources.length;
  io.stderr(`pulumi-opensolar: org ${orgId} has ${plural(webhooks.length, "webhook")}; ${count} written ${destination(options)}.\n`);
  if (result.managedLeftOut.length > 0) {
    io.stderr(
      `pulumi-opensolar: left out ${plural(result.managedLeftOut.length, "webhook")} that a stack manages already ` +
        `(${isAre(result.managedLeftOut.length)} a pulumi-opensolar ownership marker): ${result.managedLeftOut.join(", ")}. ` +
        "Pass --include-managed to write them anyway (two stacks would then manage one webhook).\n",
    );
  }
  if (result.managedIncluded.length > 0) {
    io.stderr(
      `pulumi-opensolar: written although a stack manages ${result.managedIncluded.length === 1 ? "it" : "them"} already ` +
        `(--include-managed): ${result.managedIncluded.join(", ")}.\n`,
    );
  }
  if (result.unreadableHeaders.length > 0) {
    io.stderr(
      `pulumi-opensolar: OpenSolar answered headers that cannot be read for ${result.unreadableHeaders.join(", ")}, so whether ` +
        "a stack manages them is unknown; they are written.\n",
    );
  }
  if (count > 0) io.stderr(`Next: pulumi import --file ${options.out ?? "<file>"}\n`);
}

function fromStackExport(file: string, options: Options, io: CommandIo): void {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : "cannot be read";
    throw new CliError(`--from-stack-export: ${file} ${why}. Write it with \`pulumi stack export --file ${file}\` in the old stack.`);
  }
  const plan = migrationPlan(parseStackExport(text, file), file);
  write(plan.importFile, options, io);
  const count = plan.importFile.resources.length;
  io.stderr(`pulumi-opensolar: ${plural(count, "webhook")} written ${destination(options)}, as ${NATIVE_WEBHOOK_TYPE} under the same names.\n`);
  for (const note of plan.notes) io.stderr(`pulumi-opensolar: ${note}.\n`);
  const commands = plan.stateDeletes.map((entry) => entry.command);
  if (options.printStateDelete) {
    io.stdout(commands.map((command) => `${command}\n`).join(""));
    io.stderr(`pulumi-opensolar: the ${plural(commands.length, "state delete command")} went to stdout.\n`);
  } else {
    io.stderr(
      `After \`pulumi import --file ${options.out ?? "<file>"}\` has succeeded, drop the dynamic resources from the stack's state ` +
        "(a state edit: OpenSolar is not called):\n" +
        commands.map((command) => `  ${command}\n`).join(""),
    );
  }
  io.stderr(
    `Run no \`pulumi up\` in between: declare ${NATIVE_WEBHOOK_TYPE} under the same names first ` +
      '(README, "Migrating from OpenSolarWebhook").\n',
  );
}

function write(file: ImportFile, options: Options, io: CommandIo): void {
  const text = formatImportFile(file);
  if (options.out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    fs.writeFileSync(options.out, text);
  } catch {
    throw new CliError(`--out: ${options.out} cannot be written. Check that its folder exists and is writable.`);
  }
}

function destination(options: Options): string {
  return options.out === undefined ? "to stdout" : `to ${options.out}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function isAre(count: number): string {
  return count === 1 ? "it carries" : "they carry";
}

function withoutPrefix(message: string): string {
  return message.replace(/^pulumi-opensolar: /, "");
}
