// Builds dist/internal/: what the dynamic provider host loads for OpenSolarWebhook and
// WebhookSecret (`pulumi-opensolar/internal/*`, named by the stub in every resource's state),
// each bundled into one file with zod and axios. Loading the same code as some hundred files
// took 70 ms, and axios 50 more at the first request, on the critical path of every
// operation (a refresh of 10 webhooks waits for both); bundled, about half. @pulumi/pulumi
// stays outside: the host has loaded it already; so do the error classes, which stay the
// ones `pulumi-opensolar` exports (an `instanceof` of an error the provider threw, through
// `pulumi-opensolar/testing`, still holds). Run after `tsc -p tsconfig.build.json`.

import { build } from "esbuild";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The error classes, from the compiled module beside the bundle (dist/provider/core/errors.js). */
const sharedErrors = {
  name: "shared-errors",
  setup(build) {
    build.onResolve({ filter: /\/errors$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === path.join(root, "provider", "core", "errors")
        ? { path: "../provider/core/errors.js", external: true }
        : undefined,
    );
  },
};

const entries = {
  "webhook-provider": "webhook-implementation.ts",
  "webhook-secret-provider": "webhook-secret-implementation.ts",
};

// What a bundle may still require: Node's own modules, and the two named above.
const allowed = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), "@pulumi/pulumi", "../provider/core/errors.js"]);

for (const [name, source] of Object.entries(entries)) {
  const result = await build({
    entryPoints: [path.join(root, "provider", "dynamic", source)],
    outfile: path.join(root, "dist", "internal", `${name}.js`),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["@pulumi/pulumi"],
    plugins: [sharedErrors],
    // Small, but with names kept: a stack trace in the engine's log still reads.
    minify: true,
    keepNames: true,
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
    tsconfig: path.join(root, "tsconfig.build.json"),
  });
  const outside = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && !allowed.has(imported.path)) outside.add(imported.path);
  }
  if (outside.size > 0) throw new Error(`bundle-internal: ${name}.js would require modules it does not carry: ${[...outside].join(", ")}.`);
}
console.log(`bundle-internal: dist/internal/ written (${Object.keys(entries).join(", ")}).`);
