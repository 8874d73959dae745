import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Simulator } from "../../../simulator";
import type { DriverResponse, OperationName, OperationResult, ProgramSpec, RunOptions } from "../driver/protocol";
import { runDriver } from "./driver-process";
import { installedProject, type InstalledProject } from "./installed-project";
import { pulumiCli, type PulumiCli } from "./pulumi-cli";
import { ORG, TOKEN } from "./simulator-setup";

// What a test file works with: one temporary folder (file backend, PULUMI_HOME, stack
// workspaces) and stacks that run operations through the driver against a simulator.

/** Generous: a slow machine must not fail a correct test; a hung engine is still killed. */
export const ENGINE_TIMEOUT_MS = 150_000;
const PASSPHRASE = "opensolar-e2e-passphrase";
const PROJECT_NAME = "opensolar-e2e";

export interface SessionOptions {
  /** @default the project with the packed package and the baseline @pulumi/pulumi */
  readonly project?: InstalledProject;
  /** Node.js binary for the driver and the engine's provider process. @default this process's */
  readonly node?: string;
}

export class E2eSession {
  readonly tempDir: string;
  /** The file backend: state, backups, history. */
  readonly stateDir: string;
  /** PULUMI_HOME: the CLI's logs and workspace files. */
  readonly pulumiHome: string;
  /** The driver's answers, outside every folder the engine writes (they hold decrypted stack outputs). */
  readonly resultsDir: string;
  readonly project: InstalledProject;
  private readonly cli: PulumiCli;
  private readonly node: string | undefined;

  constructor(options: SessionOptions = {}) {
    this.cli = pulumiCli();
    this.project = options.project ?? installedProject();
    this.node = options.node;
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-e2e-"));
    this.stateDir = path.join(this.tempDir, "state");
    this.pulumiHome = path.join(this.tempDir, "pulumi-home");
    this.resultsDir = path.join(this.tempDir, "driver-results");
    for (const dir of [this.stateDir, this.pulumiHome, this.resultsDir]) fs.mkdirSync(dir);
  }

  /** A stack of its own, configured for `simulator` (token bound to ORG and OTHER_ORG, default org ORG). */
  stack(name: string, simulator: Simulator, options: StackOptions = {}): E2eStack {
    return new E2eStack(name, {
      session: this,
      cli: this.cli,
      simulator,
      programDir: options.programDir ?? this.project.dir,
      env: options.env ?? {},
      node: this.node,
    });
  }

  close(): void {
    if (process.env["OPENSOLAR_E2E_KEEP"] === "1") {
      console.log(`e2e: kept ${this.tempDir}`);
      return;
    }
    fs.rmSync(this.tempDir, { recursive: true, force: true });
  }
}

export interface StackOptions {
  /** The Pulumi `main`, where the provider process resolves pulumi-opensolar. @default the session's project */
  readonly programDir?: string;
  /** Extra environment for the engine and the provider process. @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

interface StackContext {
  readonly session: E2eSession;
  readonly cli: PulumiCli;
  readonly simulator: Simulator;
  readonly programDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly node: string | undefined;
}

export type OperationResults<O extends OperationName> = { readonly [K in O]: OperationResult };

export class E2eStack {
  /** Everything the engine printed for this stack so far, operation by operation. */
  readonly transcript: string[] = [];
  readonly workDir: string;
  private runs = 0;
  private apiToken = TOKEN;

  constructor(
    readonly name: string,
    private readonly context: StackContext,
  ) {
    this.workDir = path.join(context.session.tempDir, "work", name);
    fs.mkdirSync(this.workDir, { recursive: true });
  }

  /** Sets `opensolar:apiToken` (secret) for the runs that follow, as `pulumi config set` would. */
  useApiToken(token: string): void {
    this.apiToken = token;
  }

  /** Runs the operations in order in one driver process; throws with the engine's output if one fails. */
  async run<const O extends OperationName>(program: ProgramSpec, operations: readonly O[], options: RunOptions = {}): Promise<OperationResults<O>> {
    if (new Set(operations).size !== operations.length) throw new Error("e2e: run each operation once per call.");
    const response = await this.drive(program, operations, options);
    const byName: Partial<Record<OperationName, OperationResult>> = {};
    for (const result of response.results) {
      if (!result.ok) {
        throw new Error(`e2e: \`${result.operation}\` failed on stack ${this.name}:\n${result.engineOutput.slice(-6000)}`);
      }
      byName[result.operation] = result;
    }
    return byName as OperationResults<O>;
  }

  /** Runs one operation that must fail, and returns its result. */
  async runExpectingFailure(program: ProgramSpec, operation: OperationName, options: RunOptions = {}): Promise<OperationResult> {
    const response = await this.drive(program, [operation], options);
    const result = response.results[0];
    if (!result || result.ok) throw new Error(`e2e: \`${operation}\` was expected to fail on stack ${this.name}, and succeeded.`);
    return result;
  }

  /** The whole driver response, for checks of the toolchain itself (Node.js and SDK versions). */
  async drive(program: ProgramSpec, operations: readonly OperationName[], options: RunOptions = {}): Promise<DriverResponse> {
    this.runs += 1;
    const { session, cli, simulator, programDir, env, node } = this.context;
    const response = await runDriver(
      session.project,
      {
        stackName: this.name,
        projectName: PROJECT_NAME,
        programDir,
        workDir: this.workDir,
        stateDir: session.stateDir,
        pulumiHome: session.pulumiHome,
        pulumiRoot: cli.root,
        config: {
          "opensolar:apiToken": { value: this.apiToken, secret: true },
          "opensolar:baseUrl": { value: simulator.url },
          "opensolar:orgId": { value: String(ORG) },
        },
        env: {
          PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
          // Quick retries: the simulator answers at once, and faults are injected on purpose.
          OPENSOLAR_RETRY_BASE_MS: "20",
          OPENSOLAR_TIMEOUT_MS: "10000",
          ...env,
        },
        program,
        operations,
        options,
        resultFile: path.join(session.resultsDir, `${this.name}-${this.runs}.json`),
      },
      node === undefined ? { timeoutMs: ENGINE_TIMEOUT_MS } : { node, timeoutMs: ENGINE_TIMEOUT_MS },
    );
    for (const result of response.results) this.transcript.push(result.engineOutput);
    return response;
  }
}
