import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { E2eSession } from "../testkit/engine/e2e-session";
import { inheritedEnvironment, pulumiCli } from "../testkit/engine/pulumi-cli";

// The native provider as a user without a Node.js project gets it: the plugin folder of the
// packed package, copied into the session's PULUMI_HOME by `pulumi plugin install --file`.
// The engine then starts it as the default `opensolar` provider, configured from the
// stack's `opensolar:*` config that the harness sets.

/** The plugin folder the installed package ships. */
export function pluginFolder(session: E2eSession): string {
  return path.join(session.project.dir, "node_modules", "pulumi-opensolar", "dist", "plugin");
}

export function installPlugin(session: E2eSession): void {
  const folder = pluginFolder(session);
  const manifest = path.join(folder, "package.json");
  if (!fs.existsSync(manifest)) throw new Error(`bench: the packed package has no plugin folder (${folder}); run \`npm run build\` first.`);
  const { version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: string };
  if (typeof version !== "string") throw new Error(`bench: ${manifest} has no version.`);
  execFileSync(pulumiCli().binary, ["plugin", "install", "resource", "opensolar", version, "--file", folder], {
    env: { ...inheritedEnvironment(), PULUMI_HOME: session.pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true" },
    stdio: ["ignore", "ignore", "pipe"],
  });
}
