// Builds dist/internal/: what the dynamic provider host loads for OpenSolarWebhook and
// WebhookSecret (`pulumi-opensolar/internal/*`, named by the stub in every resource's state),
// each bundled into one file with zod and axios. Loading the same code as some hundred files
// took 70 ms, and axios 50 more at the first request, on the critical path of every
// operation (a refresh of 10 webhooks waits for both); bundled, about half. @pulumi/pulumi
// stays outside: the host has loaded it already; so do the error classes, which stay the
// ones `pulumi-opensolar` exports (an `instanceof` of an error the provider threw, through
// `pulumi-opensolar/testing`, still holds). Run after `tsc -p tsconfig.build.json`.

import * as path from "node:path";
import { bundleForNode, root } from "./node-bundle.mjs";

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

for (const [name, source] of Object.entries(entries)) {
  await bundleForNode({
    entry: path.join(root, "provider", "dynamic", source),
    outfile: path.join(root, "dist", "internal", `${name}.js`),
    external: ["@pulumi/pulumi"],
    plugins: [sharedErrors],
    allowed: ["../provider/core/errors.js"],
  });
}
console.log(`bundle-internal: dist/internal/ written (${Object.keys(entries).join(", ")}).`);
