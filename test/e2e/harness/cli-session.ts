import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiEnvironment, pulumiToolchain, runPulumi, type PulumiCommandResult, type PulumiToolchain } from "../../../scripts/pulumi-commands";
import type { Simulator } from "../../../simulator";
import { ENGINE_TIMEOUT_MS } from "../../../testkit/engine/e2e-session";
import { describeLeaks, LeakScan, summarize, type LeakReport, type SecretKind } from "../../../testkit/engine/leak-scan";
import { ORG, TOKEN } from "../../../testkit/test-simulator";

// What a CLI-path test file works with: the real `pulumi` (with its Node.js language host)
// run in project folders as a user types it, state in a temporary file backend and
// PULUMI_HOME. Every command's output, the backend, PULUMI_HOME and each stack's config
// file are scanned for the secrets the test declares when the session closes.

const PASSPHRASE = "opensolar-cli-e2e-passphrase";

export class CliSession {
  readonly tempDir: string;
  readonly backendDir: string;
  readonly pulumiHome: string;
  readonly tools: PulumiToolchain;
  private readonly leakScan = new LeakScan();
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.tools = pulumiToolchain();
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-cli-e2e-"));
    this.backendDir = path.join(this.tempDir, "backend");
    this.pulumiHome = path.join(this.tempDir, "pulumi-home");
    for (const dir of [this.backendDir, this.pulumiHome]) {
      fs.mkdirSync(dir);
      this.leakScan.watch(dir);
    }
    this.env = pulumiEnvironment(this.tools, { backendDir: this.backendDir, pulumiHome: this.pulumiHome, passphrase: PASSPHRASE });
  }

  /** A folder of the session's own for a project (not created). */
  projectDir(name: string): string {
    return path.join(this.tempDir, "projects", name);
  }

  /** Looked for at close() in every command's output and file of the session. */
  declareSecret(value: string, label: string, kind: SecretKind = "value"): void {
    this.leakScan.declare(value, label, kind);
  }

  /** The stack a user creates with `pulumi stack init <name>` in `projectDir`. */
  stack(projectDir: string, name: string): CliStack {
    return new CliStack(this, projectDir, name);
  }

  /** Runs `pulumi <args>` in `cwd`; its output goes to the leak scan. */
  async run(cwd: string, args: readonly string[]): Promise<PulumiCommandResult> {
    const result = await runPulumi(this.tools, args, { cwd, env: this.env, timeoutMs: ENGINE_TIMEOUT_MS });
    this.leakScan.record(`output of \`${result.command}\` in ${cwd}`, result.output);
    if (result.timedOut) throw new Error(`e2e: \`${result.command}\` ran longer than ${ENGINE_TIMEOUT_MS} ms in ${cwd}:\n${result.output.slice(-6000)}`);
    return result;
  }

  /** A file that lives outside the session's folders (a stack's config file), read for the leak scan now. */
  recordFile(file: string): void {
    if (fs.existsSync(file)) this.leakScan.record(file, fs.readFileSync(file, "utf8"));
  }

  /** Removes the temporary folder, then fails naming the place of every secret found in plain text. */
  close(): void {
    let report: LeakReport;
    try {
      report = this.leakScan.scan();
    } finally {
      if (process.env["OPENSOLAR_E2E_KEEP"] === "1") console.log(`e2e: kept ${this.tempDir}`);
      else fs.rmSync(this.tempDir, { recursive: true, force: true });
    }
    if (report.occurrences.length > 0) throw new Error(describeLeaks(report));
    console.log(`e2e CLI ${summarize(report)}`);
  }
}

export class CliStack {
  /** `Pulumi.<stack>.yaml` beside Pulumi.yaml: what `pulumi config set` writes. */
  readonly configFile: string;

  constructor(
    private readonly session: CliSession,
    readonly projectDir: string,
    readonly name: string,
  ) {
    this.configFile = path.join(projectDir, `Pulumi.${name}.yaml`);
  }

  /** `pulumi <args>` in the project folder, which must succeed; returns what it printed. */
  async pulumi(...args: string[]): Promise<string> {
    const result = await this.session.run(this.projectDir, args);
    this.session.recordFile(this.configFile);
    if (result.exitCode !== 0) {
      throw new Error(`e2e: \`${result.command}\` exited with ${String(result.exitCode)} in ${this.projectDir}:\n${result.output.slice(-6000)}`);
    }
    return result.output;
  }

  /** `pulumi <args>`, which must fail; returns what it printed. */
  async pulumiFailing(...args: string[]): Promise<string> {
    const result = await this.session.run(this.projectDir, args);
    this.session.recordFile(this.configFile);
    if (result.exitCode === 0) throw new Error(`e2e: \`${result.command}\` was expected to fail in ${this.projectDir}, and succeeded:\n${result.output.slice(-3000)}`);
    return result.output;
  }

  /**
   * What the user types first: `pulumi stack init`, then the provider's settings for the
   * test account on `simulator` (testkit/test-simulator.ts), the API token as a secret.
   */
  async configureProvider(simulator: Simulator): Promise<void> {
    this.session.declareSecret(TOKEN, "API token (opensolar:apiToken)", "credential");
    await this.pulumi("stack", "init", this.name);
    await this.pulumi("config", "set", "--secret", "opensolar:apiToken", TOKEN);
    await this.pulumi("config", "set", "opensolar:orgId", String(ORG));
    await this.pulumi("config", "set", "opensolar:baseUrl", simulator.url);
  }

  /** `pulumi stack output --json`: the outputs as the user sees them, secrets as "[secret]". */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.pulumi("stack", "output", "--json")) as Record<string, unknown>;
  }

  /**
   * Removes the stack and its config file, whatever state it is in (a test that failed
   * midway); never throws, so it can run in a finally.
   */
  async remove(): Promise<void> {
    try {
      await this.session.run(this.projectDir, ["stack", "rm", "--yes", "--force", this.name]);
    } catch {
      // The file below is what matters outside the session's folder.
    }
    fs.rmSync(this.configFile, { force: true });
  }
}
