import { createHash, timingSafeEqual } from "node:crypto";
import { DEFAULT_SECRET_HEADER } from "./secret";

/** Request headers as node (`req.headers`), fetch (`Headers`) or a plain object give them. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface SharedSecretOptions {
  /** Compared case-insensitively, as HTTP does. @default "X-OpenSolar-Webhook-Secret" */
  headerName?: string;
  /**
   * The header's whole expected value: the current secret, and while rotating the previous
   * one. If the webhook sends `Authorization: Token abc`, the secret is "Token abc".
   * `undefined` stands for no previous secret, so an unset variable can be passed as is.
   */
  secrets: readonly [current: string, previous?: string | undefined];
}

/**
 * Whether the request carries one of the secrets. Both sides are hashed to equal-length
 * digests and compared with timingSafeEqual, and every secret is compared, so the time
 * taken says nothing about how much of a guess was right or which secret matched.
 */
export function verifySharedSecret(headers: HeadersLike, options: SharedSecretOptions): boolean {
  const secrets = checkedSecrets(options);
  const received = headerValue(headers, options.headerName ?? DEFAULT_SECRET_HEADER);
  // A missing header is still compared (against nothing that can match) to keep one code path.
  const receivedDigest = digest(received ?? "");
  let matched = false;
  for (const secret of secrets) {
    matched = timingSafeEqual(receivedDigest, digest(secret)) || matched;
  }
  return matched && received !== undefined;
}

/** The configured secrets; throws on a setup that would let anyone in. */
export function checkedSecrets(options: SharedSecretOptions): string[] {
  const [current, previous] = options.secrets;
  if (typeof current !== "string" || current === "") {
    throw new TypeError("pulumi-opensolar receiver: the current secret must be a non-empty string.");
  }
  if (previous !== undefined && (typeof previous !== "string" || previous === "")) {
    throw new TypeError(
      "pulumi-opensolar receiver: the previous secret must be a non-empty string, or undefined when not rotating.",
    );
  }
  const name = options.headerName;
  if (name !== undefined && (typeof name !== "string" || name.trim() === "")) {
    throw new TypeError("pulumi-opensolar receiver: headerName must be a non-empty string.");
  }
  return previous === undefined ? [current] : [current, previous];
}

/** The header's value, or undefined when it is absent or repeated (which value would count?). */
function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === "function") return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  const values: Array<string | readonly string[] | undefined> = [];
  for (const [key, value] of Object.entries(headers as Readonly<Record<string, string | readonly string[] | undefined>>)) {
    if (key.toLowerCase() === wanted && value !== undefined) values.push(value);
  }
  const [only] = values;
  if (values.length !== 1 || only === undefined) return undefined;
  if (typeof only === "string") return only;
  return only.length === 1 ? only[0] : undefined;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
