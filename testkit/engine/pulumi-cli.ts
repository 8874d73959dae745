import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

// The Pulumi CLI the tests drive: whatever scripts/pulumi-cli.sh picks (a `pulumi` on
// PATH first, as users have it, else the cached build). The Automation API wants the
// folder above bin/; the Node.js plugin sits next to the binary.

export interface PulumiCli {
  readonly binary: string;
  /** The folder above the binary's bin/. */
  readonly root: string;
}

let found: PulumiCli | undefined;

export function pulumiCli(): PulumiCli {
  if (found) return found;
  let binary: string;
  try {
    binary = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  } catch (error) {
    throw new Error(`e2e: scripts/pulumi-cli.sh found no Pulumi CLI: ${(error as Error).message}`);
  }
  found = { binary, root: path.dirname(path.dirname(binary)) };
  return found;
}
