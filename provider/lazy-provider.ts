import type * as pulumi from "@pulumi/pulumi";

// Pulumi serializes a dynamic provider object into every resource's state (`__provider`)
// and runs that copy later, for refresh and destroy. The objects made here capture nothing
// but a module name: no token, no schema, no dependency. Each method loads the installed
// implementation by package name when it runs, so upgrading the package upgrades what
// existing resources run, and the state stays small. Keep imports out of the methods.

/** A provider whose methods are those exported by `moduleName`, loaded when called. */
export function providerLoadedFrom(moduleName: string): pulumi.dynamic.ResourceProvider {
  return {
    configure: (request) => require(moduleName).configure(request),
    check: (olds, news) => require(moduleName).check(olds, news),
    diff: (id, olds, news) => require(moduleName).diff(id, olds, news),
    create: (inputs) => require(moduleName).create(inputs),
    read: (id, props) => require(moduleName).read(id, props),
    update: (id, olds, news) => require(moduleName).update(id, olds, news),
    delete: (id, props) => require(moduleName).delete(id, props),
  };
}
