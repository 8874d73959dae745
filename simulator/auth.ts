import type { Request } from "express";
import { ApiError } from "./api-errors";

const WWW_AUTHENTICATE = { "WWW-Authenticate": "Bearer" };

/** Which org ids each token may access. Token values are never logged. */
export class TokenRegistry {
  readonly #orgsByToken = new Map<string, ReadonlySet<number>>();

  constructor(tokens: Readonly<Record<string, readonly number[]>> = {}) {
    for (const [token, orgIds] of Object.entries(tokens)) this.set(token, orgIds);
  }

  /** Adds the token or rebinds it to these orgs. */
  set(token: string, orgIds: readonly number[]): void {
    if (token === "" || /\s/.test(token)) {
      throw new TypeError("pulumi-opensolar simulator: a token must be non-empty and hold no spaces.");
    }
    for (const orgId of orgIds) {
      if (!Number.isSafeInteger(orgId) || orgId < 0) {
        throw new TypeError(`pulumi-opensolar simulator: org ids must be non-negative integers, got ${String(orgId)}.`);
      }
    }
    this.#orgsByToken.set(token, new Set(orgIds));
  }

  /** From now on the token answers 401, like an expired OpenSolar token. */
  revoke(token: string): void {
    this.#orgsByToken.delete(token);
  }

  orgsOf(token: string): ReadonlySet<number> | undefined {
    return this.#orgsByToken.get(token);
  }
}

/**
 * Checks `Authorization: Bearer <token>` and the token's access to the org, in DRF's order:
 * authentication (401) before permission (403). Messages are DRF's.
 */
export function authorize(tokens: TokenRegistry, req: Request, orgId: number): void {
  const [scheme, ...rest] = (req.get("authorization") ?? "").trim().split(/\s+/);
  // DRF ignores other schemes, so a "Token x" header counts as no credentials at all.
  if (scheme === undefined || scheme.toLowerCase() !== "bearer") {
    throw new ApiError(401, { detail: "Authentication credentials were not provided." }, WWW_AUTHENTICATE);
  }
  const [token, ...extra] = rest;
  if (token === undefined) {
    throw new ApiError(401, { detail: "Invalid token header. No credentials provided." }, WWW_AUTHENTICATE);
  }
  if (extra.length > 0) {
    throw new ApiError(
      401,
      { detail: "Invalid token header. Token string should not contain spaces." },
      WWW_AUTHENTICATE,
    );
  }
  const orgIds = tokens.orgsOf(token);
  if (orgIds === undefined) throw new ApiError(401, { detail: "Invalid token." }, WWW_AUTHENTICATE);
  if (!orgIds.has(orgId)) {
    throw new ApiError(403, { detail: "You do not have permission to perform this action." });
  }
}
