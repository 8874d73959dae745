import type { ListedWebhook, OpenSolarClient } from "./client";
import { markerOf } from "./owner-marker";
import type { ApiWebhook } from "./wire";

// How the provider sees an org's webhooks now: listings shared by the calls of one wave, and
// reads by id. The engine refreshes (and creates) resources in parallel; one list call per
// org answers every call that asks while it is in flight. A listing is never reused after it
// answered: a read made just after an out-of-band edit or delete must see it (the one kept
// listing answers a single question, in earlier-attempts.ts). A webhook missing from a
// listing is confirmed with GET by id before it is reported gone (and one that a GET by id
// misses, with a listing), and a listing that failed is an error for every caller that
// shared it, never an empty list.

/**
 * One listing of an org. Every webhook's id and ownership marker are read when it answers
 * (a listed webhook without a usable id or headers fails the listing); the rest of a webhook
 * is parsed when a caller asks for it, once: a wave of eight reads asks for eight webhooks
 * and their copies, not for the org's two hundred.
 */
export class Listing {
  private readonly byId: ReadonlyMap<number, ListedWebhook>;
  /** The marked webhooks (each id once), by marker name in lower case: header names ignore case, and so do markers. */
  private readonly byMarker = new Map<string, Array<{ readonly entry: ListedWebhook; readonly owner: string | undefined }>>();

  /** A listing of the org taken now, shared with no other call. */
  static async take(client: OpenSolarClient, orgId: number): Promise<Listing> {
    return new Listing(await client.listWebhooksLazily(orgId));
  }

  constructor(listed: readonly ListedWebhook[]) {
    // A webhook listed twice (pages that shifted while they were read) is one webhook.
    this.byId = new Map(listed.map((entry) => [entry.id, entry] as const));
    for (const entry of this.byId.values()) {
      const marker = markerOf(entry.headerNames);
      if (marker === undefined) continue;
      const key = marker.name.toLowerCase();
      this.byMarker.set(key, [...(this.byMarker.get(key) ?? []), { entry, owner: marker.owner }]);
    }
  }

  get(webhookId: number): ApiWebhook | undefined {
    return this.byId.get(webhookId)?.webhook();
  }

  /** The webhooks that carry the marker header `name` (and no other marker). */
  withMarker(name: string): ApiWebhook[] {
    return (this.byMarker.get(name.toLowerCase()) ?? []).map(({ entry }) => entry.webhook());
  }

  /** The webhooks whose marker names `ownerKey` as their owner. */
  ownedBy(ownerKey: string): ApiWebhook[] {
    return [...this.byMarker.values()].flat().filter(({ owner }) => owner === ownerKey).map(({ entry }) => entry.webhook());
  }
}

export class WebhookDirectory {
  private readonly inFlight = new Map<number, Promise<Listing>>();
  /** False once OpenSolar showed that its GET by id cannot be relied on (it is inferred, not documented). */
  private readsById = true;

  constructor(private readonly client: OpenSolarClient) {}

  /**
   * The webhook as OpenSolar has it now (undefined once OpenSolar confirmed it is gone), read
   * by id: a GET of its own, so the engine's reads come and go one by one, where reads that
   * share a listing wait for it together, a wave at a time. A 404 is confirmed by a listing
   * before the webhook counts as gone. A 405, or a 404 for a webhook that the listing shows,
   * means GET by id is not to be relied on: from then on this directory reads listings.
   */
  async get(orgId: number, webhookId: number): Promise<ApiWebhook | undefined> {
    if (!this.readsById) return (await this.find(orgId, webhookId)).webhook;
    const answer = await this.client.readWebhook(orgId, webhookId);
    if ("webhook" in answer) return answer.webhook;
    const listed = (await this.list(orgId)).get(webhookId);
    if (answer.status === 405 || listed !== undefined) this.readsById = false;
    return listed;
  }

  /**
   * The webhook as OpenSolar has it now (undefined once OpenSolar confirmed it is gone),
   * and the listing that answered, for whatever else the caller looks for in it.
   */
  async find(orgId: number, webhookId: number): Promise<{ webhook: ApiWebhook | undefined; listing: Listing }> {
    const listing = await this.list(orgId);
    const webhook = listing.get(webhookId) ?? (await this.client.getWebhook(orgId, webhookId));
    return { webhook, listing };
  }

  /** Every webhook of the org, from a listing taken now (or in flight right now). */
  list(orgId: number): Promise<Listing> {
    const current = this.inFlight.get(orgId);
    if (current) return current;
    const promise = this.client
      .listWebhooksLazily(orgId)
      .then((listed) => new Listing(listed))
      .finally(() => {
        if (this.inFlight.get(orgId) === promise) this.inFlight.delete(orgId);
      });
    this.inFlight.set(orgId, promise);
    return promise;
  }
}
