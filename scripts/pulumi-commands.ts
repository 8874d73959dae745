import { spawn } from "node:child_process";
import * as path from "node:path";
import { killTree } from "../testkit/engine/process-tree";
import { inheritedEnvironment, nodejsLanguageHost, pulumiCli } from "../testkit/engine/pulumi-cli";

// `pulumi` commands run the way a user's shell runs them: the real CLI on PATH, with the
// Node.js language host beside it, started in a project folder whose Pulumi.yaml says
// `runtime: nodejs`, so the host runs the program with ts-node. State goes to a file
// backend and a PULUMI_HOME the caller names: nothing touches ~/.pulumi or an account.
// Used by `npm run demo` and by the e2e tests of the CLI path (test/e2e/cli-*.test.ts).

export interface PulumiToolchain {
  /** The `pulumi` binary (scripts/pulumi-cli.sh). */
  readonly cli: string;
  /** `pulumi-language-nodejs`, next to the binary (scripts/language-hosts.sh). */
  readonly languageHost: string;
}

/** Finds (or builds, once per machine) the CLI and its Node.js language host; builds show their progress on stderr. */
export function pulumiToolchain(): PulumiToolchain {
  return { cli: pulumiCli().binary, languageHost: nodejsLanguageHost() };
}

export interface PulumiState {
  /** The file backend (`PULUMI_BACKEND_URL=file://…`). */
  readonly backendDir: string;
  readonly pulumiHome: string;
  /** Encrypts the stack's secrets (passphrase secrets provider). */
  readonly passphrase: string;
}

/**
 * A user's shell with `pulumi` on PATH: this environment without the caller's Pulumi and
 * OpenSolar settings, the CLI's folder and this Node.js first on PATH, and `state`.
 */
export function pulumiEnvironment(tools: PulumiToolchain, state: PulumiState, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    ...inheritedEnvironment(),
    PATH: [path.dirname(tools.cli), path.dirname(process.execPath), process.env["PATH"] ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${state.backendDir}`,
    PULUMI_HOME: state.pulumiHome,
    PULUMI_CONFIG_PASSPHRASE: state.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    ...extra,
  };
}

export interface PulumiCommandOptions {
  /** The project folder (where Pulumi.yaml is), as the user's current directory. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The CLI and every process below it are killed after this long. @default no limit */
  readonly timeoutMs?: number;
  /** Gets stdout and stderr as they come (to show them live). */
  readonly onOutput?: (text: string) => void;
  /**
   * A process group of its own, so that a timeout ends the CLI with its plugins. false: the
   * caller's group, so that a Ctrl-C in the terminal reaches the CLI too. @default true
   */
  readonly ownProcessGroup?: boolean;
}

export interface PulumiCommandResult {
  /** `pulumi` and its arguments as typed, the value of a `config set --secret` shown as `<secret>`. */
  readonly command: string;
  /** null when the process was killed. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** stdout and stderr interleaved, as a terminal shows them. */
  readonly output: string;
}

export async function runPulumi(tools: PulumiToolchain, args: readonly string[], options: PulumiCommandOptions): Promise<PulumiCommandResult> {
  const child = spawn(tools.cli, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.ownProcessGroup ?? true,
  });
  let output = "";
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    options.onOutput?.(text);
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) killTree(child.pid);
        }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  }).finally(() => clearTimeout(timer));
  return { command: displayed(args), exitCode, timedOut, output };
}

/** The command line to show: `pulumi config set --secret <key> <value>` keeps its value to itself. */
export function displayed(args: readonly string[]): string {
  const shown = args.includes("--secret") ? [...args.slice(0, -1), "<secret>"] : args;
  return ["pulumi", ...shown].join(" ");
}
