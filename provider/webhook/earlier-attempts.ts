import type { Claims } from "./claims";
import type { Listing, WebhookDirectory } from "./directory";

// Whether an earlier attempt of a resource may have left a webhook that its state does not
// record (an `up` killed mid-create): the question a create asks before it POSTs.
//
// Only the resource's own attempts make a webhook with its owner key: attempts of earlier
// provider processes, which are gone by the time this process runs, and this process's own
// POSTs for that key. So one listing of the org, this process's first look there, answers
// "none" for every resource this process has not POSTed for yet, and is reused for that
// answer alone: a create is not held back by a look of its own in every wave. Where the
// first look shows a webhook with the key, or this process has POSTed for the key since,
// the create takes a listing of its own now (directory.list), as a read does. A POST of a
// killed process that OpenSolar commits after the first look is not in it, as it would not
// be in a look taken just before this create's POST: no look can wait for a dead process.

export class EarlierAttempts {
  /** Each org's first look of this process (dropped if it failed, so the next create tries again). */
  private readonly firstLooks = new Map<number, Promise<Listing>>();
  /** `org key` of the owner keys this process has POSTed for: the first look predates those. */
  private readonly posted = new Set<string>();

  constructor(private readonly directory: WebhookDirectory) {}

  /**
   * True when no earlier attempt of the resource `ownerKey` can have left a webhook that no
   * resource of this run holds; false when the create must look at a listing of its own.
   * Rejects when the org's first look fails.
   */
  async ruledOut(orgId: number, ownerKey: string, claims: Claims): Promise<boolean> {
    if (this.posted.has(`${orgId} ${ownerKey}`)) return false;
    const look = await this.firstLook(orgId);
    return look.ownedBy(ownerKey).every((webhook) => claims.isClaimed(orgId, webhook.id));
  }

  /** Called before each POST for `ownerKey`: from then on the first look says nothing of it. */
  posting(orgId: number, ownerKey: string): void {
    this.posted.add(`${orgId} ${ownerKey}`);
  }

  private firstLook(orgId: number): Promise<Listing> {
    const kept = this.firstLooks.get(orgId);
    if (kept) return kept;
    const look = this.directory.list(orgId);
    this.firstLooks.set(orgId, look);
    look.catch(() => {
      if (this.firstLooks.get(orgId) === look) this.firstLooks.delete(orgId);
    });
    return look;
  }
}
