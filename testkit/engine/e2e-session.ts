import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Simulator } from "../../simulator";
import type { DriverResponse, EngineLogging, OperationName, OperationResult, ProgramSpec, RunOptions } from "../driver/protocol";
import { ORG, TOKEN } from "../test-simulator";
import { runDriver } from "./driver-process";
import { installedProject, type InstalledProject } from "./installed-project";
import { describeLeaks, LeakScan, summarize, type LeakReport, type SecretKind } from "./leak-scan";
import { declareEnvironmentSecrets, declareOpenSolarSecrets, declareProgramSecrets, recordResponse } from "./leak-sources";
import { pulumiCli, type PulumiCli } from "./pulumi-cli";

// What a test file works with: one temporary folder (file backend, PULUMI_HOME, stack
// workspaces) and stacks that run operations through the driver against a simulator.

/** Generous: a slow machine must not fail a correct test; a hung engine is still killed. */
export const ENGINE_TIMEOUT_MS = 150_000;
const PASSPHRASE = "opensolar-e2e-passphrase";
const PROJECT_NAME = "opensolar-e2e";
/**
 * Everything the engine and its plugins log, for the leak scan: `-v=11 --logflow`, to files
 * (in engineTmpDir), so the engine's output stays what users see and failures stay readable.
 * Not `--debug`: the log holds every debug diagnostic already, and --debug would copy them
 * into each operation's output, @pulumi/pulumi's RPC dumps with their secret values included
 * (see leak-scan.ts), where tests check what the engine printed.
 */
export const VERBOSE_ENGINE_LOGGING: EngineLogging = { verbosity: 11, flow: true, debug: false, toStdErr: false };

export interface SessionOptions {
  /** @default the project with the packed package and the baseline @pulumi/pulumi */
  readonly project?: InstalledProject;
  /** Node.js binary for the driver and the engine's provider process. @default this process's */
  readonly node?: string;
  /**
   * The engine's logging, for the leak scan to look through: benchmarks turn it off to
   * time the engine rather than its logging. @default VERBOSE_ENGINE_LOGGING
   */
  readonly engineLogging?: EngineLogging | "off";
}

export class E2eSession {
  readonly tempDir: string;
  /** The file backend: state, backups, history. */
  readonly stateDir: string;
  /** PULUMI_HOME: the CLI's logs and workspace files. */
  readonly pulumiHome: string;
  /** The driver's answers, outside every folder the engine writes (they hold decrypted stack outputs). */
  readonly resultsDir: string;
  /** TMPDIR of the engine and its plugins: their verbose logs land here. */
  readonly engineTmpDir: string;
  readonly project: InstalledProject;
  /** Every secret of the session, looked for at close() in every text and file it produced. */
  readonly leakScan = new LeakScan();
  readonly engineLogging: EngineLogging | undefined;
  private readonly cli: PulumiCli;
  private readonly node: string | undefined;
  private isClosed = false;

  constructor(options: SessionOptions = {}) {
    this.cli = pulumiCli();
    this.project = options.project ?? installedProject();
    this.node = options.node;
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-e2e-"));
    this.stateDir = path.join(this.tempDir, "state");
    this.pulumiHome = path.join(this.tempDir, "pulumi-home");
    this.resultsDir = path.join(this.tempDir, "driver-results");
    this.engineTmpDir = path.join(this.tempDir, "engine-tmp");
    for (const dir of [this.stateDir, this.pulumiHome, this.resultsDir, this.engineTmpDir]) fs.mkdirSync(dir);
    this.engineLogging = options.engineLogging === "off" ? undefined : (options.engineLogging ?? VERBOSE_ENGINE_LOGGING);
    // Not resultsDir: the driver's answers hold decrypted stack outputs on purpose.
    for (const dir of [this.stateDir, this.pulumiHome, this.engineTmpDir, path.join(this.tempDir, "work")]) this.leakScan.watch(dir);
  }

  /** A secret the session cannot see by itself (one a test plants in OpenSolar's answers, say). */
  declareSecret(value: string, label: string, kind: SecretKind = "value"): void {
    this.leakScan.declare(value, label, kind);
  }

  /**
   * Looks for every secret in every text and file of the session so far. close() does it
   * too and fails on any occurrence; call it to fail a test by name, or to count.
   */
  scanForLeaks(): LeakReport {
    return this.leakScan.scan();
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

  /** True once close() has run (whether or not it found a leak). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Removes the temporary folder, then fails with the place of every secret found in plain text. Once: later calls do nothing. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    let report: LeakReport;
    try {
      report = this.scanForLeaks();
      this.assertEngineLogged();
    } finally {
      if (process.env["OPENSOLAR_E2E_KEEP"] === "1") console.log(`e2e: kept ${this.tempDir}`);
      else fs.rmSync(this.tempDir, { recursive: true, force: true });
    }
    if (report.occurrences.length > 0) throw new Error(describeLeaks(report));
    console.log(`e2e ${summarize(report)}`);
  }

  /** With verbose logging asked for, runs that left no log mean the scan missed what it is for. */
  private assertEngineLogged(): void {
    if (!this.engineLogging || this.engineLogging.toStdErr || this.leakScan.recordedTexts === 0) return;
    if (!fs.existsSync(this.engineTmpDir) || fs.readdirSync(this.engineTmpDir).length === 0) {
      throw new Error(`e2e leak scan: the engine ran with -v=${this.engineLogging.verbosity} but left no log in ${this.engineTmpDir}.`);
    }
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

/** How a test steers the driver process itself. */
export interface DriveControl {
  /** Aborting it SIGKILLs the driver, the engine and its plugins mid-operation; `drive` then rejects. */
  readonly kill?: AbortSignal;
}

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
  async drive(
    program: ProgramSpec,
    operations: readonly OperationName[],
    options: RunOptions = {},
    control: DriveControl = {},
  ): Promise<DriverResponse> {
    this.runs += 1;
    const { session, cli, simulator, programDir, env, node } = this.context;
    const run = `stack ${this.name}, run ${this.runs}`;
    session.leakScan.declare(this.apiToken, `API token (opensolar:apiToken of stack ${this.name})`, "credential");
    declareProgramSecrets(session.leakScan, program, this.name);
    declareEnvironmentSecrets(session.leakScan, env, this.name);
    declareOpenSolarSecrets(session.leakScan, simulator, program);
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
          // For the leak scan: the engine's logs where it looks, and with them the provider's debug log.
          TMPDIR: session.engineTmpDir,
          ...(session.engineLogging === undefined ? {} : { OPENSOLAR_DEBUG: "1" }),
          ...env,
        },
        program,
        operations,
        options,
        resultFile: path.join(session.resultsDir, `${this.name}-${this.runs}.json`),
        ...(session.engineLogging === undefined ? {} : { engineLogging: session.engineLogging }),
      },
      {
        timeoutMs: ENGINE_TIMEOUT_MS,
        onOutput: (output) => session.leakScan.record(`driver process output (${run})`, output),
        ...(node === undefined ? {} : { node }),
        ...(control.kill === undefined ? {} : { kill: control.kill }),
      },
    );
    for (const result of response.results) this.transcript.push(result.engineOutput);
    recordResponse(session.leakScan, response, run);
    declareOpenSolarSecrets(session.leakScan, simulator, program);
    return response;
  }
}
