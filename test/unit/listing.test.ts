import type { ListedWebhook } from "../../provider/webhook/client";
import { Listing } from "../../provider/webhook/directory";
import { newMarker } from "../../provider/webhook/owner-marker";
import type { ApiWebhook } from "../../provider/webhook/wire";

// What a listing answers by marker and owner, from the ids and header names it read.

const OWNER = "a".repeat(20);

function listed(id: number, headerNames: string[]): ListedWebhook {
  return { id, headerNames, webhook: () => ({ id }) as unknown as ApiWebhook };
}

describe("Listing", () => {
  it("answers a webhook listed twice (pages that shifted) once, by marker and by owner", () => {
    const marker = newMarker(OWNER);
    const listing = new Listing([listed(7, [marker]), listed(8, ["Authorization"]), listed(7, [marker])]);
    expect(listing.withMarker(marker.toUpperCase()).map((webhook) => webhook.id)).toEqual([7]);
    expect(listing.ownedBy(OWNER).map((webhook) => webhook.id)).toEqual([7]);
    expect(listing.get(8)?.id).toBe(8);
  });

  it("takes no webhook with two markers as anyone's", () => {
    const listing = new Listing([listed(9, [newMarker(OWNER), newMarker("b".repeat(20))])]);
    expect(listing.ownedBy(OWNER)).toEqual([]);
  });
});
