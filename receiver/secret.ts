import { randomBytes } from "node:crypto";

/**
 * The header that carries the shared secret, by this package's convention. OpenSolar signs
 * nothing: a header configured on the webhook is a receiver's only proof of origin.
 */
export const DEFAULT_SECRET_HEADER = "X-OpenSolar-Webhook-Secret";

/** A new secret: 32 random bytes, base64url (43 characters, safe in a header). */
export function generateSharedSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The webhook headers that send this secret, for the provider's `headers` input:
 * `headers: sharedSecretHeaders(secret)`.
 */
export function sharedSecretHeaders(secret: string, headerName: string = DEFAULT_SECRET_HEADER): Record<string, string> {
  return { [headerName]: secret };
}
