import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

// The Pulumi CLI the tests, the benchmarks and `npm run demo` drive: whatever
// scripts/pulumi-cli.sh picks (a `pulumi` on PATH first, as users have it, else the cached
// build), with the Node.js language host scripts/language-hosts.sh puts next to it. The
// Automation API wants the folder above bin/; the Node.js plugin sits next to the binary.

export interface PulumiCli {
  readonly binary: string;
  /** The folder above the binary's bin/. */
  readonly root: string;
}

let found: PulumiCli | undefined;
let languageHost: string | undefined;

/** Finds (or builds, once per machine) the CLI; a build shows its progress on stderr. */
export function pulumiCli(): PulumiCli {
  if (found) return found;
  const binary = runScript("pulumi-cli.sh", []);
  found = { binary, root: path.dirname(path.dirname(binary)) };
  return found;
}

/** `pulumi-language-nodejs` next to the CLI, which runs a `runtime: nodejs` project for `pulumi up`. */
export function nodejsLanguageHost(): string {
  languageHost ??= runScript("language-hosts.sh", [pulumiCli().binary]);
  return languageHost;
}

/** This environment without the caller's OpenSolar and Pulumi settings: each caller says what it wants. */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("OPENSOLAR_") || key.startsWith("PULUMI_")) continue;
    env[key] = value;
  }
  return env;
}

/** A script of scripts/ that prints a path on stdout and its progress and errors on stderr. */
function runScript(name: string, args: string[]): string {
  try {
    return execFileSync("bash", [path.join(REPO_ROOT, "scripts", name), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  } catch {
    // The script has said what went wrong, and what to do, on stderr.
    throw new Error(`scripts/${name} failed (its messages are above).`);
  }
}
