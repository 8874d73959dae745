import { OpenSolarError, ownerKeyOf } from "./backend";

// The owner key of a resource the plugin serves. The dynamic class hashes its identity in
// the program; here the engine names the resource by its URN, unique in its stack:
// `urn:pulumi:<stack>::<project>::<parent types $ type>::<name>`. The Pulumi organization is
// not part of what the engine tells a provider, so it is not part of this key.

export interface ResourceIdentity {
  readonly stack: string;
  readonly project: string;
  /** The parents' types and the resource's own, joined with `$`. */
  readonly qualifiedType: string;
  readonly name: string;
}

export function identityOf(urn: string): ResourceIdentity {
  const parts = urn.startsWith("urn:pulumi:") ? urn.slice("urn:pulumi:".length).split("::") : [];
  const [stack, project, qualifiedType, ...name] = parts;
  if (stack === undefined || project === undefined || qualifiedType === undefined || name.length === 0) {
    throw new OpenSolarError("invalid_input", "the engine sent a resource URN this plugin cannot read; update the Pulumi CLI and run again.");
  }
  // A name may itself hold "::".
  return { stack, project, qualifiedType, name: name.join("::") };
}

/** The key Check adds to a webhook's inputs: the same resource of the same stack always gets the same key. */
export function ownerKeyFromUrn(urn: string): string {
  const { stack, project, qualifiedType, name } = identityOf(urn);
  return ownerKeyOf(["plugin", project, stack, qualifiedType, name]);
}
