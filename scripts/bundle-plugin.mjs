// Builds dist/plugin/: the `opensolar` provider plugin as a folder that runs wherever it is
// copied (`pulumi plugin install resource opensolar <version> --file dist/plugin` copies it
// out of node_modules): one bundled provider.js that requires nothing but Node's own
// modules, the `pulumi-resource-opensolar` executable the engine starts, schema.json, and a
// package.json that names the version (provider/version.ts finds it) and keeps the folder
// CommonJS wherever it lands. Run after `tsc -p tsconfig.build.json` (schema.json is
// written by the compiled provider/plugin/schema.js).

import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleForNode, root } from "./node-bundle.mjs";

const outDir = path.join(root, "dist", "plugin");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

// Whatever the bundle still requires must be Node's own: anything else is not there once copied.
await bundleForNode({ entry: path.join(root, "provider", "plugin", "main.ts"), outfile: path.join(outDir, "provider.js") });

fs.writeFileSync(
  path.join(outDir, "package.json"),
  `${JSON.stringify({ name: manifest.name, version: manifest.version, private: true, type: "commonjs", description: "The opensolar Pulumi resource provider plugin, bundled." }, null, 2)}\n`,
);

const executable = path.join(outDir, "pulumi-resource-opensolar");
fs.writeFileSync(executable, '#!/bin/sh\nexec node "$(dirname "$0")/provider.js" "$@"\n');
fs.chmodSync(executable, 0o755);

const require = createRequire(import.meta.url);
const { buildSchema } = require(path.join(root, "dist", "provider", "plugin", "schema.js"));
fs.writeFileSync(path.join(outDir, "schema.json"), `${JSON.stringify(buildSchema(manifest.version), null, 2)}\n`);

const bytes = fs.readdirSync(outDir).reduce((total, name) => total + fs.statSync(path.join(outDir, name)).size, 0);
console.log(`bundle-plugin: dist/plugin/ written (${(bytes / 1024).toFixed(0)} KB).`);
