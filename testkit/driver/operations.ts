import { execFileSync } from "node:child_process";
import type { OpMap, OutputMap, Stack } from "@pulumi/pulumi/automation";
import type { EngineLogging, OperationName, OperationResult, RunOptions, StackOutput } from "./protocol";
import { StepRecorder } from "./step-recorder";

// One engine operation on a stack, reported as data. A failed operation is a result too
// (ok: false with the engine's output), so tests can assert on failures and on what the
// engine printed while failing.

export interface EngineTarget {
  readonly stack: Stack;
  readonly cliPath: string;
  /** The environment the workspace gives the CLI, for commands the Automation API lacks. */
  readonly cliEnv: NodeJS.ProcessEnv;
  readonly workDir: string;
  /** The engine's logging for every command. @default the CLI's defaults */
  readonly logging?: EngineLogging | undefined;
}

export async function runOperation(operation: OperationName, target: EngineTarget, options: RunOptions): Promise<OperationResult> {
  const recorder = new StepRecorder();
  // Every engine operation spreads `watch`, so it carries the logging options too.
  const watch = { onEvent: recorder.onEvent, ...loggingOptions(target.logging) };
  try {
    switch (operation) {
      case "preview": {
        const result = await target.stack.preview({ ...watch, diff: true });
        return succeeded(operation, result.changeSummary, recorder, result.stdout + result.stderr);
      }
      case "up": {
        const result = await target.stack.up({ ...watch, diff: true, ...(options.target ? { target: [...options.target] } : {}) });
        const outputs = stackOutputs(result.outputs);
        return { ...succeeded(operation, result.summary.resourceChanges, recorder, result.stdout + result.stderr), outputs };
      }
      case "refresh": {
        const result = await target.stack.refresh({ ...watch, ...programRun(options), ...pendingCreates(options) });
        return succeeded(operation, result.summary.resourceChanges, recorder, result.stdout + result.stderr);
      }
      case "destroy": {
        const result = await target.stack.destroy({ ...watch, ...programRun(options) });
        return succeeded(operation, result.summary.resourceChanges, recorder, result.stdout + result.stderr);
      }
      case "export":
        return { ...succeeded(operation, {}, recorder, ""), exportedText: exportWithoutSecrets(target) };
      case "cancel":
        await target.stack.cancel();
        return succeeded(operation, {}, recorder, "");
    }
  } catch (error) {
    const text = error instanceof Error ? `${error.message}\n${String(error)}` : String(error);
    return { operation, ok: false, changes: {}, steps: recorder.steps, engineOutput: text, error: text };
  }
}

/** Only when asked: older SDKs do not know the option. */
function programRun(options: RunOptions): { runProgram?: boolean } {
  return options.runProgram === undefined ? {} : { runProgram: options.runProgram };
}

/** Only when asked, like programRun. */
function pendingCreates(options: RunOptions): { clearPendingCreates?: boolean } {
  return options.clearPendingCreates === undefined ? {} : { clearPendingCreates: options.clearPendingCreates };
}

function succeeded(operation: OperationName, changes: OpMap | undefined, recorder: StepRecorder, engineOutput: string): OperationResult {
  const counts: Record<string, number> = {};
  for (const [op, count] of Object.entries(changes ?? {})) if (typeof count === "number") counts[op] = count;
  return { operation, ok: true, changes: counts, steps: recorder.steps, engineOutput };
}

function stackOutputs(outputs: OutputMap): Record<string, StackOutput> {
  const result: Record<string, StackOutput> = {};
  for (const [key, output] of Object.entries(outputs)) result[key] = { value: output.value, secret: output.secret };
  return result;
}

/**
 * `pulumi stack export` exactly as a user runs it. The Automation API's exportStack()
 * adds --show-secrets, which would decrypt what this export must show encrypted.
 */
function exportWithoutSecrets(target: EngineTarget): string {
  return execFileSync(target.cliPath, [...loggingFlags(target.logging), "stack", "export", "--stack", target.stack.name, "--non-interactive"], {
    cwd: target.workDir,
    env: target.cliEnv,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The Automation API's options for `logging`; none when it is not set. */
function loggingOptions(logging: EngineLogging | undefined): { logVerbosity?: number; logFlow?: boolean; debug?: boolean; logToStdErr?: boolean } {
  if (!logging) return {};
  return { logVerbosity: logging.verbosity, logFlow: logging.flow, debug: logging.debug, logToStdErr: logging.toStdErr };
}

/** The global CLI flags among them (`--debug` belongs to the engine operations), for commands run without the Automation API. */
function loggingFlags(logging: EngineLogging | undefined): string[] {
  if (!logging) return [];
  return [`--verbose=${logging.verbosity}`, ...(logging.flow ? ["--logflow"] : []), ...(logging.toStdErr ? ["--logtostderr"] : [])];
}
