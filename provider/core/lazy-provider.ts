import type * as pulumi from "@pulumi/pulumi";

// Pulumi serializes a dynamic provider object into every resource's state (`__provider`)
// and runs that copy later, for refresh and destroy. The objects made here capture nothing
// but a module name: no token, no schema, no dependency. Each method loads the installed
// implementation by package name when it runs, so upgrading the package upgrades what
// existing resources run, and the state stays small. Keep imports out of the methods.

/** A provider whose methods are those exported by `moduleName`, loaded when called. */
export function providerLoadedFrom(moduleName: string): pulumi.dynamic.ResourceProvider {
  return {
    configure: (request) => load(moduleName).configure(request),
    check: (olds, news) => load(moduleName).check(olds, news),
    diff: (id, olds, news) => load(moduleName).diff(id, olds, news),
    create: (inputs) => load(moduleName).create(inputs),
    read: (id, props) => load(moduleName).read(id, props),
    update: (id, olds, news) => load(moduleName).update(id, olds, news),
    delete: (id, props) => load(moduleName).delete(id, props),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function load(moduleName: string): any {
  try {
    return require(moduleName);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
    // The engine runs the stub without a file name, so Node searches only the node_modules
    // above the working directory (the project's main). A program inside this package's own
    // checkout finds it by the package's name from there instead (its `exports`).
    const { createRequire } = require("node:module");
    const { join } = require("node:path");
    return createRequire(join(process.cwd(), "index.js"))(moduleName);
  }
}
