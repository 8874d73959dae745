import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import * as ts from "typescript";

const REPO = resolve(__dirname, "../..");

/**
 * The simulator compiled to JavaScript in a folder of its own, as an installed package would
 * run it: `with` resolves express (and zod) from the repository, `without` resolves zod only,
 * like a project that installed pulumi-opensolar and not its optional peer.
 */
export interface CompiledPackage {
  readonly root: string;
  readonly cli: string;
  readonly withExpress: NodeJS.ProcessEnv;
  readonly withoutExpress: NodeJS.ProcessEnv;
  remove(): void;
}

export function compilePackage(): CompiledPackage {
  const root = mkdtempSync(join(tmpdir(), "opensolar-simulator-cli-"));
  const sources = [
    ...readdirSync(join(REPO, "simulator")).map((name) => `simulator/${name}`),
    ...readdirSync(join(REPO, "receiver")).map((name) => `receiver/${name}`),
    "provider/core/loopback.ts",
  ].filter((file) => file.endsWith(".ts"));
  for (const file of sources) {
    const { outputText } = ts.transpileModule(readFileSync(join(REPO, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const out = join(root, "package", file.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  const modules = (name: string, packages: readonly string[]): string => {
    const folder = join(root, name, "node_modules");
    mkdirSync(folder, { recursive: true });
    for (const pkg of packages) symlinkSync(join(REPO, "node_modules", pkg), join(folder, pkg), "dir");
    return folder;
  };
  // Only NODE_PATH finds packages: the compiled files sit outside any node_modules tree.
  const env = (folder: string): NodeJS.ProcessEnv => ({ PATH: process.env["PATH"], NODE_PATH: folder });
  return {
    root,
    cli: join(root, "package", "simulator", "cli.js"),
    withExpress: env(modules("with", ["express", "zod"])),
    withoutExpress: env(modules("without", ["zod"])),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs node with these arguments to the end; `until` stops it (SIGTERM) once stdout holds the text. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv, until?: string): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let stopped = false;
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (!stopped && until !== undefined && stdout.includes(until)) {
        stopped = true;
        child.kill("SIGTERM");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Lines of output, without the blank ones. */
export function linesOf(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}
