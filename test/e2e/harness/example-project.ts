import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../../testkit/engine/paths";
import { copyPackedPlugin } from "./packed-plugin";

// A project folder made from one of examples/ the way its README tells a user to: the
// example's files, then the plugin folder of the packed package at ./opensolar-plugin, where
// the example's Pulumi.yaml (`plugins: providers:`) points.

/** Where the example's Pulumi.yaml expects the provider plugin folder. */
export const PLUGIN_FOLDER = "opensolar-plugin";
// What a user's own runs leave in an example folder: not part of the example.
const NOT_COPIED = new Set([PLUGIN_FOLDER, "node_modules", "bin"]);

/** Copies examples/<example> into `dir` (created; must not exist) with the plugin folder; returns `dir`. */
export function projectFromExample(example: string, dir: string): string {
  const source = path.join(REPO_ROOT, "examples", example);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(source)) {
    if (NOT_COPIED.has(name) || /^Pulumi\..+\.yaml$/.test(name) || name.endsWith(".tgz")) continue;
    fs.cpSync(path.join(source, name), path.join(dir, name), { recursive: true });
  }
  copyPackedPlugin(path.join(dir, PLUGIN_FOLDER));
  return dir;
}
