import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/engine/paths";

// Runs the built `pulumi-opensolar` command (dist/cli/main.js) as a child process, the way
// npx runs it, without blocking this process: the simulator the command talks to runs here.

export const BUILT_CLI = path.join(REPO_ROOT, "dist", "cli", "main.js");

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails when dist/cli is missing or older than a source under cli/: the test would try stale code. */
export function assertBuiltCliIsCurrent(): void {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first.`);
  const built = fs.statSync(BUILT_CLI).mtimeMs;
  const sources = fs.readdirSync(path.join(REPO_ROOT, "cli")).filter((file) => file.endsWith(".ts"));
  for (const file of sources) {
    const compiled = path.join(REPO_ROOT, "dist", "cli", file.replace(/\.ts$/, ".js"));
    if (!fs.existsSync(compiled) || fs.statSync(path.join(REPO_ROOT, "cli", file)).mtimeMs > Math.max(built, fs.statSync(compiled).mtimeMs)) {
      throw new Error(`dist/cli is older than cli/${file}: run \`npm run build\` first.`);
    }
  }
}

/** `node dist/cli/main.js <args>` with only `env` (and PATH) in its environment. */
export function runBuiltCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd: string = REPO_ROOT): Promise<CliRun> {
  return run(process.execPath, [BUILT_CLI, ...args], cwd, { PATH: process.env["PATH"] ?? "", ...env });
}

/**
 * `npx pulumi-opensolar <args>` in a project that installed the packed package: the bin npm
 * linked in node_modules/.bin (shebang and all), with only `env` and PATH in its environment.
 */
export function runInstalledCli(projectDir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return run(path.join(projectDir, "node_modules", ".bin", "pulumi-opensolar"), [...args], projectDir, {
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env["PATH"] ?? ""}`,
    ...env,
  });
}

function run(file: string, args: string[], cwd: string, env: Readonly<Record<string, string>>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}
