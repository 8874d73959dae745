import { createHash, randomBytes } from "node:crypto";

// The provider's durable proof of ownership, carried by the webhook itself in OpenSolar.
// Header *names* survive an API that masks header values, so the proof lives in a name:
// `X-Pulumi-Opensolar-Owner-<owner>-<nonce>`.
// - <owner> is a hash of the resource's identity (organization, project, stack, parent URN,
//   name): the same resource of the same stack, and no other, computes it again. It lets a create
//   recognize the webhook that its own killed or lost earlier attempt made.
// - <nonce> is fresh for every create call and recorded in state: a webhook with the same
//   marker but another id is a late copy of that very create (a lost POST committed after
//   the provider stopped looking), never another resource's webhook.
// Users may not declare headers with this prefix (see inputs.ts).

/** Header-name prefix reserved for the ownership marker (compared case-insensitively). */
export const OWNER_HEADER_PREFIX = "X-Pulumi-Opensolar-Owner-";
/** The marker header's value: a hint for whoever reads a delivery, not part of the proof. */
export const OWNER_HEADER_VALUE = "managed-by-pulumi-opensolar";

const OWNER_LENGTH = 20;
const NONCE_LENGTH = 12;
/** Owner part of a webhook created without a resource identity (direct provider calls). */
const NO_OWNER = "0".repeat(OWNER_LENGTH);
const MARKER = new RegExp(`^${OWNER_HEADER_PREFIX}([0-9a-f]{${OWNER_LENGTH}})-([0-9a-f]{${NONCE_LENGTH}})$`, "i");

/** Whether a header name is the provider's marker (or squats on its prefix). */
export function isOwnerHeaderName(name: string): boolean {
  return name.toLowerCase().startsWith(OWNER_HEADER_PREFIX.toLowerCase());
}

/** The owner key of a resource identity: the same parts always give the same key. */
export function ownerKeyOf(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, OWNER_LENGTH);
}

/** Whether a value is an owner key as {@link ownerKeyOf} makes them. */
export function isOwnerKey(value: unknown): value is string {
  return typeof value === "string" && new RegExp(`^[0-9a-f]{${OWNER_LENGTH}}$`).test(value) && value !== NO_OWNER;
}

/** A new marker header name for one create call of the resource `ownerKey` identifies. */
export function newMarker(ownerKey: string | undefined): string {
  const owner = ownerKey ?? NO_OWNER;
  return `${OWNER_HEADER_PREFIX}${owner}-${randomBytes(NONCE_LENGTH / 2).toString("hex")}`;
}

export interface ParsedMarker {
  /** The header name as it was found. */
  readonly name: string;
  /** undefined when the webhook was created without a resource identity. */
  readonly owner: string | undefined;
}

/** The marker among a webhook's header names, if it carries exactly one. */
export function markerOf(headerNames: Iterable<string>): ParsedMarker | undefined {
  const found: ParsedMarker[] = [];
  for (const name of headerNames) {
    const match = MARKER.exec(name);
    if (match?.[1] !== undefined) {
      const owner = match[1].toLowerCase();
      found.push({ name, owner: owner === NO_OWNER ? undefined : owner });
    }
  }
  // Two markers is no proof of anything: someone edited the headers by hand.
  return found.length === 1 ? found[0] : undefined;
}

/** Whether two marker names are the same marker (header names ignore case). */
export function sameMarker(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The headers without any marker: what users declared and see. */
export function withoutMarkers(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !isOwnerHeaderName(name)));
}
