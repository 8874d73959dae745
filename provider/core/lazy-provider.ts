import type * as pulumi from "@pulumi/pulumi";

// Pulumi serializes a dynamic provider object into every resource's state (`__provider`)
// and runs that copy later, for refresh and destroy. The objects made here capture nothing
// but a module name: no token, no schema, no dependency. Each method loads the installed
// implementation by package name when it runs, so upgrading the package upgrades what
// existing resources run, and the state stays small: every byte of these functions,
// comments inside them included, is copied into every resource, so their bodies stay bare.

/**
 * A provider whose methods are those exported by `moduleName`, loaded when called.
 */
export function providerLoadedFrom(moduleName: string): pulumi.dynamic.ResourceProvider {
  const load = loaderOf(moduleName);
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

/**
 * What the resource classes hand to Pulumi, so what every resource's state holds: about
 * 1 KB instead of the 2.3 KB of providerLoadedFrom's object (the serializer wraps each
 * function in some 170 bytes, and state holds the text twice, in inputs and outputs; a
 * smaller checkpoint is less for the engine to write after every step). The dynamic
 * provider host configures a provider before its first call, so `configure` loads the
 * implementation, the same way, and puts its methods on this very object. The placeholder
 * of the other methods runs only if that load failed: it loads again, so the call fails
 * with the module's own error rather than the host's default (a missing `delete` would
 * let the engine drop a webhook from state that it never deleted).
 */
export function selfInstallingProvider(moduleName: string): pulumi.dynamic.ResourceProvider {
  const load = loaderOf(moduleName);
  const unloaded = (): never => {
    load();
    throw new Error("pulumi-opensolar: the provider is not configured.");
  };
  return {
    configure(r) {
      const m = load();
      Object.assign(this, m);
      return m.configure(r);
    },
    check: unloaded,
    diff: unloaded,
    create: unloaded,
    read: unloaded,
    update: unloaded,
    delete: unloaded,
  };
}

/**
 * The loader both stubs capture (its text is serialized with them). The engine runs the
 * stub without a file name, so `require` searches only the node_modules above the working
 * directory (the project's main); a program inside this package's own checkout finds it
 * from there by the package's name instead (its `exports`). A module that fails to load
 * fails the second way too, with its own error.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function loaderOf(moduleName: string): () => any {
  return () => {
    try {
      return require(moduleName);
    } catch {
      return require("node:module").createRequire(process.cwd() + "/index.js")(moduleName);
    }
  };
}
