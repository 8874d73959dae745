// Webhook ids this provider process has seen held by a resource (in diff, read, create,
// update). This memory never grants anything: ownership is proven by the marker a webhook
// carries (owner-marker.ts). It only refuses: a create never takes a webhook that another
// resource of this run holds, e.g. the old webhook of a resource being replaced.

const claimed = new Set<string>();

const key = (orgId: number, webhookId: number): string => `${orgId}/${webhookId}`;

export function claim(orgId: number, webhookId: number): void {
  claimed.add(key(orgId, webhookId));
}

export function isClaimed(orgId: number, webhookId: number): boolean {
  return claimed.has(key(orgId, webhookId));
}
