import type { OpenSolarClient } from "./client";
import type { ApiWebhook } from "./wire";

// Reads for refresh. The engine refreshes resources in parallel; one list call per org
// answers all of them (instead of one GET each). A listing serves the reads that arrive
// while it is in flight and for a moment after, so a refresh is one snapshot, never an old
// one. A webhook missing from the list is confirmed with GET by id before it is reported
// gone. Updates and deletes from this process invalidate the org's listing; creates do
// not (their webhooks are found by id), so a wave of creates shares one listing too.

/** How long after it started a listing still serves reads: enough for a wave of parallel steps. */
export const LISTING_SHARED_FOR_MS = 300;

interface Listing {
  readonly promise: Promise<Map<number, ApiWebhook>>;
  readonly startedAt: number;
}

export class WebhookDirectory {
  private readonly listings = new Map<number, Listing>();

  constructor(private readonly client: OpenSolarClient) {}

  /** The webhook as OpenSolar has it now, or undefined if it no longer exists. */
  async find(orgId: number, webhookId: number): Promise<ApiWebhook | undefined> {
    const listed = (await this.listing(orgId)).get(webhookId);
    if (listed) return listed;
    return this.client.getWebhook(orgId, webhookId);
  }

  /** Every webhook of the org, from the shared listing. */
  async list(orgId: number): Promise<ApiWebhook[]> {
    return [...(await this.listing(orgId)).values()];
  }

  invalidate(orgId: number): void {
    this.listings.delete(orgId);
  }

  private listing(orgId: number): Promise<Map<number, ApiWebhook>> {
    const current = this.listings.get(orgId);
    if (current && Date.now() - current.startedAt < LISTING_SHARED_FOR_MS) return current.promise;
    const promise = this.client
      .listWebhooks(orgId)
      .then((webhooks) => new Map(webhooks.map((webhook) => [webhook.id, webhook] as const)));
    const listing = { promise, startedAt: Date.now() };
    this.listings.set(orgId, listing);
    // A failed listing must not be served to later reads.
    promise.catch(() => {
      if (this.listings.get(orgId) === listing) this.listings.delete(orgId);
    });
    return promise;
  }
}
