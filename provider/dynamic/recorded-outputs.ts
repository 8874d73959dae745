import * as pulumi from "@pulumi/pulumi";

// Outputs a program rarely reads (`url`, `createdDate`, an input it left out, ...), made only
// when it reads one. Registering a property costs the SDK an Output and some thirty promises
// per resource, read or not: at 200 webhooks these properties were a sixth of a no-change
// `up`. The value comes from the engine's record of the resource in this deployment, the
// one its registration answered with (`pulumi:pulumi:getResource`, what the SDK rehydrates a
// resource from), so it is the value a registered property would have had: known or unknown
// (in a preview, a value the provider has yet to make) alike.

interface RecordedResource {
  readonly state?: Record<string, unknown>;
}

/**
 * Puts on `resource` a property per name in `names`, each an Output made the first time it
 * is read; `secrets` are always secret (the resource's additionalSecretOutputs).
 */
export function defineRecordedOutputs(resource: pulumi.CustomResource, names: readonly string[], secrets: ReadonlySet<string>): void {
  let recorded: pulumi.Output<RecordedResource> | undefined;
  // One engine call per resource, however many of these outputs the program reads.
  const record = (): pulumi.Output<RecordedResource> =>
    (recorded ??= resource.urn.apply((urn) => pulumi.runtime.invoke("pulumi:pulumi:getResource", { urn }) as Promise<RecordedResource>));
  for (const name of names) {
    let output: pulumi.Output<unknown> | undefined;
    Object.defineProperty(resource, name, {
      enumerable: true,
      configurable: true,
      get: () => (output ??= record().apply((found) => valueOf(found.state?.[name], secrets.has(name)))),
    });
  }
}

/**
 * The recorded value as an Output's value: what the SDK makes of a registered property. Such
 * an output is secret only where additionalSecretOutputs names it: it is no input (an input
 * left out cannot be a secret one), and the provider makes no value secret. The record
 * cannot say more: the SDK marks the whole of it secret when any property is (the headers).
 */
function valueOf(value: unknown, secret: boolean): pulumi.Output<unknown> {
  // As the SDK resolves a registered property the engine did not return: unknown in a
  // preview (the provider has yet to make it), undefined once it ran. pulumi.output keeps
  // an unknown inside the value unknown.
  const output = value === undefined && pulumi.runtime.isDryRun() ? pulumi.output(pulumi.unknown) : pulumi.output(value);
  return secret ? pulumi.secret(output) : output;
}
