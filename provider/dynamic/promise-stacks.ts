import * as pulumi from "@pulumi/pulumi";

// Registering a resource, @pulumi/pulumi makes an Output per property (some thirty promises)
// and stamps four of those promises with `new Error().stack`, for its promise-leak report. For
// a webhook's 16 properties that is 64 stack traces captured and formatted per resource: a
// third of a no-change `up`'s program CPU at 200 webhooks (bench/profile.ts: 6.3 s to 4.2 s).
// The stamps are read only when PULUMI_DEBUG_PROMISE_LEAKS is set; the resource's source
// position does not depend on them (the SDK lifts the limit itself while it reads that).

/** The `Error.stackTraceLimit` to register with, or undefined to leave it alone. */
export function registrationStackLimit(): number | undefined {
  return process.env["PULUMI_DEBUG_PROMISE_LEAKS"] ? undefined : 0;
}

/** A dynamic resource that registers without the promise stamps nobody reads; the limit is restored at once. */
export abstract class UnstampedDynamicResource extends pulumi.dynamic.Resource {
  constructor(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions,
    module: string,
    type: string,
  ) {
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = registrationStackLimit() ?? stackLimit;
    try {
      super(provider, name, props, opts, module, type);
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
  }
}
