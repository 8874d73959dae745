// The provider's durable proof of ownership, carried by the webhook itself in OpenSolar.
// Header *names* survive an API that masks header values, so the proof lives in a name:
// `X-Pulumi-Opensolar-Owner-<owner>-<nonce>`, where <owner> is a hash of the resource's
// identity (stack, project, URN parts) and <nonce> is fresh for every create call.
// Users may not declare headers with this prefix.

/** Header-name prefix reserved for the ownership marker (compared case-insensitively). */
export const OWNER_HEADER_PREFIX = "X-Pulumi-Opensolar-Owner-";

/** Whether a header name is the provider's marker (or squats on its prefix). */
export function isOwnerHeaderName(name: string): boolean {
  return name.toLowerCase().startsWith(OWNER_HEADER_PREFIX.toLowerCase());
}
