// Webhook ids this provider process has seen held by a resource (in diff, read, create,
// update), per OpenSolar API. This memory never grants anything: ownership is proven by the
// marker a webhook carries (owner-marker.ts). It only refuses: a create never takes a
// webhook that another resource of this run holds, e.g. the old webhook of a resource
// being replaced.

const claimed = new Set<string>();

const key = (api: string, orgId: number, webhookId: number): string => `${api} ${orgId}/${webhookId}`;

/** The claims of one API (its base URL). */
export interface Claims {
  claim(orgId: number, webhookId: number): void;
  isClaimed(orgId: number, webhookId: number): boolean;
}

export function claimsOf(api: string): Claims {
  return {
    claim: (orgId, webhookId) => void claimed.add(key(api, orgId, webhookId)),
    isClaimed: (orgId, webhookId) => claimed.has(key(api, orgId, webhookId)),
  };
}
