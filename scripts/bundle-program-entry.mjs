// Rebuilds dist/provider/index.js, the module a Pulumi program loads (`pulumi-opensolar`),
// as one file. As tsc writes it, it requires some twenty of this package's files and 95 of
// zod's (the field table's validations, which the classes carry but a program never runs):
// 85-135 ms before the program's first resource, on every `pulumi up`, preview and destroy.
// Two modules stay the compiled files beside it, so that nothing the package's other entry
// points share is duplicated: the error classes (`instanceof` across entry points) and the
// provider stubs (their text is what Pulumi serializes into every resource's state, and
// must not change with bundling). Run after `tsc -p tsconfig.build.json`.

import { rm } from "node:fs/promises";
import * as path from "node:path";
import { bundleForNode, root } from "./node-bundle.mjs";

const shared = { errors: "./core/errors.js", "lazy-provider": "./core/lazy-provider.js" };

const sharedModules = {
  name: "shared-modules",
  setup(build) {
    build.onResolve({ filter: /\/(errors|lazy-provider)$/ }, (args) => {
      const name = path.basename(args.path);
      return path.resolve(args.resolveDir, args.path) === path.join(root, "provider", "core", name)
        ? { path: shared[name], external: true }
        : undefined;
    });
  },
};

await bundleForNode({
  entry: path.join(root, "provider", "index.ts"),
  outfile: path.join(root, "dist", "provider", "index.js"),
  external: ["@pulumi/pulumi"],
  plugins: [sharedModules],
  allowed: Object.values(shared),
});
// tsc's source map describes the file this one replaced.
await rm(path.join(root, "dist", "provider", "index.js.map"), { force: true });
console.log("bundle-program-entry: dist/provider/index.js written.");
