// One way to bundle this package's TypeScript for Node.js (the plugin, the dynamic
// providers' implementations): CommonJS for Node 20, small but with names kept so that a
// stack trace in the engine's log still reads, and a check that the bundle requires nothing
// beyond Node's own modules and the `allowed` ones it names.

import { build } from "esbuild";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const builtins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

// Data the bundles would carry but never use, all compiled before the provider's first
// call: zod's messages in some forty languages (the provider sets English itself, in
// provider/core/zod.ts, and no other locale), and mime-db, the file-type table that axios's
// form-data consults for multipart uploads (the provider sends JSON only). Where a future
// version moves these files, the filters match nothing and the bundle is only larger.
const unusedData = {
  name: "unused-data",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
    build.onLoad({ filter: /[\\/]mime-db[\\/]db\.json$/ }, () => ({ contents: "{}", loader: "json" }));
  },
};

/** Bundles `entry` into `outfile`; throws, naming them, if it would require modules outside `allowed`. */
export async function bundleForNode({ entry, outfile, external = [], plugins = [], allowed = [] }) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external,
    plugins: [unusedData, ...plugins],
    minify: true,
    keepNames: true,
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
    tsconfig: path.join(root, "tsconfig.build.json"),
  });
  const known = new Set([...builtins, ...external, ...allowed]);
  const outside = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && !known.has(imported.path)) outside.add(imported.path);
  }
  if (outside.size > 0) throw new Error(`${path.basename(outfile)} would require modules it does not carry: ${[...outside].join(", ")}.`);
}
