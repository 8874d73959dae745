// Webhook ids this provider process knows to belong to a resource (seen in diff, read,
// create, update). When a POST's answer is lost, the provider looks for the webhook it may
// have created; it must never take one of these for it.

const claimed = new Set<string>();

const key = (orgId: number, webhookId: number): string => `${orgId}/${webhookId}`;

export function claim(orgId: number, webhookId: number): void {
  claimed.add(key(orgId, webhookId));
}

export function isClaimed(orgId: number, webhookId: number): boolean {
  return claimed.has(key(orgId, webhookId));
}
