import type { OpenSolarClient } from "./client";
import type { ApiWebhook } from "./wire";

// Listings shared by the calls of one wave. The engine refreshes (and creates) resources in
// parallel; one list call per org answers every call that asks while it is in flight,
// instead of one GET each. A listing is never reused after it answered: a read made just
// after an out-of-band edit or delete must see it. A webhook missing from a listing is
// confirmed with GET by id before it is reported gone, and a listing that failed is an
// error for every caller that shared it, never an empty list.

export class WebhookDirectory {
  private readonly inFlight = new Map<number, Promise<Map<number, ApiWebhook>>>();

  constructor(private readonly client: OpenSolarClient) {}

  /**
   * The webhook as OpenSolar has it now (undefined once OpenSolar confirmed it is gone),
   * and the listing that answered, for whatever else the caller looks for in it.
   */
  async find(orgId: number, webhookId: number): Promise<{ webhook: ApiWebhook | undefined; listed: ApiWebhook[] }> {
    const listing = await this.listing(orgId);
    const webhook = listing.get(webhookId) ?? (await this.client.getWebhook(orgId, webhookId));
    return { webhook, listed: [...listing.values()] };
  }

  /** Every webhook of the org, from a listing taken now (or in flight right now). */
  async list(orgId: number): Promise<ApiWebhook[]> {
    return [...(await this.listing(orgId)).values()];
  }

  private listing(orgId: number): Promise<Map<number, ApiWebhook>> {
    const current = this.inFlight.get(orgId);
    if (current) return current;
    const promise = this.client
      .listWebhooks(orgId)
      .then((webhooks) => new Map(webhooks.map((webhook) => [webhook.id, webhook] as const)))
      .finally(() => {
        if (this.inFlight.get(orgId) === promise) this.inFlight.delete(orgId);
      });
    this.inFlight.set(orgId, promise);
    return promise;
  }
}
