import type * as pulumi from "@pulumi/pulumi";

// The object Pulumi serializes into every resource's state (`__provider`) and runs later
// for refresh and destroy. It captures nothing but a module name: no token, no schema, no
// dependency. Each method loads the installed implementation by package name when it
// runs, so upgrading the package upgrades what existing resources run, and the state
// stays small. Do not import anything into this file that a method would capture.

const IMPLEMENTATION = "pulumi-opensolar/internal/webhook-provider";

/** The dynamic provider behind `OpenSolarWebhook`, exported to drive it directly (tests, tools). */
export const webhookProvider: pulumi.dynamic.ResourceProvider = {
  configure: (request) => require(IMPLEMENTATION).configure(request),
  check: (olds, news) => require(IMPLEMENTATION).check(olds, news),
  diff: (id, olds, news) => require(IMPLEMENTATION).diff(id, olds, news),
  create: (inputs) => require(IMPLEMENTATION).create(inputs),
  read: (id, props) => require(IMPLEMENTATION).read(id, props),
  update: (id, olds, news) => require(IMPLEMENTATION).update(id, olds, news),
  delete: (id, props) => require(IMPLEMENTATION).delete(id, props),
};
