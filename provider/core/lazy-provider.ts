import type * as pulumi from "@pulumi/pulumi";

// Pulumi serializes a dynamic provider object into every resource's state (`__provider`)
// and runs that copy later, for refresh and destroy. The objects made here capture nothing
// but a module name: no token, no schema, no dependency. Each method loads the installed
// implementation by package name when it runs, so upgrading the package upgrades what
// existing resources run, and the state stays small: every byte of these functions,
// comments inside them included, is copied into every resource, so their bodies stay bare.

/**
 * A provider whose methods are those exported by `moduleName`, loaded when called. The
 * engine runs the stub without a file name, so `require` searches only the node_modules
 * above the working directory (the project's main); a program inside this package's own
 * checkout finds it from there by the package's name instead (its `exports`). A module
 * that fails to load fails the second way too, with its own error.
 */
export function providerLoadedFrom(moduleName: string): pulumi.dynamic.ResourceProvider {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const load = (): any => {
    try {
      return require(moduleName);
    } catch {
      return require("node:module").createRequire(process.cwd() + "/index.js")(moduleName);
    }
  };
  return {
    configure: (r) => load().configure(r),
    check: (o, n) => load().check(o, n),
    diff: (i, o, n) => load().diff(i, o, n),
    create: (p) => load().create(p),
    read: (i, p) => load().read(i, p),
    update: (i, o, n) => load().update(i, o, n),
    delete: (i, p) => load().delete(i, p),
  };
}
