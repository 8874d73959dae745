import * as fs from "node:fs";
import * as path from "node:path";
import type { InstalledProject } from "../../../testkit/engine/installed-project";

// A program folder whose installed pulumi-opensolar can be replaced without touching the
// shared, cached e2e project: every dependency is a link into that project, except
// pulumi-opensolar itself, which is copied. Used as the Pulumi `main`, so the engine's
// dynamic provider process resolves the package from here.

const PACKAGE = "pulumi-opensolar";

export function upgradableInstall(project: InstalledProject, dir: string): string {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  const sharedModules = path.join(project.dir, "node_modules");
  for (const name of fs.readdirSync(sharedModules)) {
    if (name === PACKAGE) continue;
    fs.symlinkSync(path.join(sharedModules, name), path.join(modules, name));
  }
  fs.cpSync(path.join(sharedModules, PACKAGE), path.join(modules, PACKAGE), { recursive: true });
  return dir;
}

/**
 * Installs "the next version" of the package in `dir`: the same build, except that its
 * delete first appends `delete <id>` to the file named by OPENSOLAR_E2E_UPGRADE_MARKER,
 * so a test can tell which code the engine ran.
 */
export function installMarkedBuild(dir: string): void {
  // What `pulumi-opensolar/internal/webhook-provider` names (package.json's exports).
  const providerDir = path.join(dir, "node_modules", PACKAGE, "dist", "internal");
  fs.renameSync(path.join(providerDir, "webhook-provider.js"), path.join(providerDir, "webhook-provider.previous.js"));
  fs.writeFileSync(
    path.join(providerDir, "webhook-provider.js"),
    `"use strict";
// e2e upgrade probe: the previous build, with a delete that leaves a mark first.
const fs = require("node:fs");
const previous = require("./webhook-provider.previous.js");
module.exports = {
  ...previous,
  delete: async (id, props) => {
    fs.appendFileSync(process.env.OPENSOLAR_E2E_UPGRADE_MARKER, "delete " + id + "\\n");
    return previous.delete(id, props);
  },
};
`,
  );
}
