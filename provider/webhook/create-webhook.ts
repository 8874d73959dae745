import type { OpenSolarClient } from "./client";
import { compareWebhook } from "./diff";
import { OpenSolarHttpError, OpenSolarNetworkError } from "../core/errors";
import type { WebhookInputs } from "./inputs";
import { debug } from "../core/log";
import { markerOf, newMarker, sameMarker } from "./owner-marker";
import { headersWithMarker, outputsFrom, writeBodyFor } from "./outputs";
import type { Claims } from "./claims";
import { Listing, type WebhookDirectory } from "./directory";
import type { EarlierAttempts } from "./earlier-attempts";
import type { ApiWebhook, WebhookWriteBody } from "./wire";

// Creation without duplicates, and without ever taking a webhook the provider cannot prove
// it made. Every webhook it creates carries an ownership marker (owner-marker.ts):
// - Before POSTing, a create looks for webhooks carrying its own resource's owner key that
//   no resource of this run holds: what an earlier attempt of this very resource made and
//   never recorded (an `up` killed mid-create, a create whose answer was lost). The
//   process's first look in the org rules that out for most creates (earlier-attempts.ts);
//   otherwise the create lists the org now, takes the newest and deletes the others. A
//   webhook without that key (made by hand, by another resource, by another stack) is never
//   taken, however equal its content.
// - A POST whose outcome is unknown (timeout, reset, 5xx) is followed by a pause and a look
//   for the create's own marker before it is sent again, and by a last look afterwards that
//   deletes copies committed late. A copy committed after that last look is found by the
//   next refresh (read) and deleted by the next `up` (update) or `destroy` (delete).

// A POST that failed ambiguously is only sent again after a look for its marker, and every
// copy it could make carries that marker, so more attempts cost time, never a duplicate.
const MAX_ATTEMPTS = 8;
/** Tries of a listing the create depends on (each already retried by the client). */
const LOOK_TRIES = 3;

// Creates of one resource identity run one after the other (a replacement and a retry of
// the same resource must not both take one orphan).
const locks = new Map<string, Promise<unknown>>();

export interface CreateRequest {
  readonly client: OpenSolarClient;
  /** Shared listings, for the look before POSTing. */
  readonly directory: WebhookDirectory;
  /** What the process's first look in the org ruled out. */
  readonly attempts: EarlierAttempts;
  /** Webhooks other resources of this run hold: never taken. */
  readonly claims: Claims;
  readonly orgId: number;
  readonly inputs: WebhookInputs;
  /** The resource identity's owner key; without one, no earlier attempt can be recognized. */
  readonly ownerKey: string | undefined;
  /** How long a request that timed out may still be running on the server. */
  readonly settleMs: number;
}

export interface CreatedWebhook {
  readonly webhook: ApiWebhook;
  /** The marker header the webhook carries. */
  readonly marker: string;
  /**
   * True when no other webhook can carry that marker: OpenSolar answered the create's only
   * POST. False after a POST whose outcome was unknown (a copy it made may land later), and
   * for an earlier attempt's webhook taken over (that attempt's own lost POSTs may still land).
   */
  readonly copiesRuledOut: boolean;
}

export async function createOwned(request: CreateRequest): Promise<CreatedWebhook> {
  const { ownerKey } = request;
  if (ownerKey === undefined) return create(request);
  const key = `${request.orgId} ${ownerKey}`;
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => takeOrCreate(request, ownerKey));
  locks.set(key, run);
  try {
    return await run;
  } finally {
    if (locks.get(key) === run) locks.delete(key);
  }
}

async function takeOrCreate(request: CreateRequest, ownerKey: string): Promise<CreatedWebhook> {
  const { client, directory, attempts, claims, orgId } = request;
  if (await patiently(() => attempts.ruledOut(orgId, ownerKey, claims))) return create(request);
  const earlier = (await patiently(() => directory.list(orgId)))
    .ownedBy(ownerKey)
    .filter((webhook) => !claims.isClaimed(orgId, webhook.id))
    .sort((a, b) => b.id - a.id);
  const [newest, ...older] = earlier;
  if (newest === undefined) return create(request);
  claims.claim(orgId, newest.id);
  const marker = markerOf(headerNames(newest))?.name as string;
  debug(`org ${orgId}: webhook ${newest.id} carries this resource's marker and no resource holds it; taking it`);
  for (const copy of older) {
    debug(`org ${orgId}: webhook ${copy.id} is an older unrecorded copy made by this resource; deleting it`);
    await client.deleteWebhook(orgId, copy.id);
  }
  return { webhook: await reconcile(client, orgId, newest, request.inputs, marker), marker, copiesRuledOut: false };
}

async function create({ client, attempts, claims, orgId, inputs, ownerKey, settleMs }: CreateRequest): Promise<CreatedWebhook> {
  const marker = newMarker(ownerKey);
  if (ownerKey !== undefined) attempts.posting(orgId, ownerKey);
  const body = writeBodyFor(inputs, marker);
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await client.createWebhook(orgId, body);
      claims.claim(orgId, created.id);
      if (uncertain) await removeCopies(client, orgId, marker, created.id, settleMs);
      return { webhook: created, marker, copiesRuledOut: !uncertain };
    } catch (error) {
      if (!mayHaveBeenCreated(error) || attempt >= MAX_ATTEMPTS) throw error;
      uncertain = true;
      debug(`POST webhook in org ${orgId}: outcome unknown (attempt ${attempt}), looking for it before sending again`);
      await sleep(settleMs);
      // A listing of our own, taken after the POST: a shared one may predate it. If it fails
      // too, the POST goes again: a copy it makes carries the same marker and is removed.
      const copies = await patiently(() => Listing.take(client, orgId))
        .then((listing) => listing.withMarker(marker))
        .catch(() => [] as ApiWebhook[]);
      const [first] = copies.sort((a, b) => a.id - b.id);
      if (first) {
        claims.claim(orgId, first.id);
        debug(`POST webhook in org ${orgId}: found webhook ${first.id} made by the lost request; keeping it`);
        await removeCopies(client, orgId, marker, first.id, settleMs);
        return { webhook: first, marker, copiesRuledOut: false };
      }
    }
  }
}

/**
 * After a pause, deletes webhooks that carry `marker` but are not `kept`: late copies of this
 * create. The webhook exists either way, so a failure here never fails the create: what it
 * could not remove, the next refresh finds (`lateCopies`) and the next `up` removes.
 */
async function removeCopies(client: OpenSolarClient, orgId: number, marker: string, kept: number, settleMs: number): Promise<void> {
  await sleep(settleMs);
  try {
    for (const copy of (await Listing.take(client, orgId)).withMarker(marker)) {
      if (copy.id === kept) continue;
      debug(`POST webhook in org ${orgId}: a lost request made webhook ${copy.id} late; deleting the copy`);
      await client.deleteWebhook(orgId, copy.id);
    }
  } catch {
    debug(`POST webhook in org ${orgId}: the last look for late copies failed; the next refresh finds them`);
  }
}

/** Runs a look that the create needs, a few times over before giving up. */
async function patiently<T>(look: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await look();
    } catch (error) {
      const passing = error instanceof OpenSolarNetworkError || (error instanceof OpenSolarHttpError && (error.status >= 500 || error.status === 429));
      if (!passing || attempt >= LOOK_TRIES) throw error;
    }
  }
}

/**
 * Makes a webhook this provider is taking (its own orphan, or one named by adoptWebhookId)
 * match the declaration. Header values OpenSolar masks cannot be compared, so they are
 * written whenever any is masked: the declared secret always reaches OpenSolar.
 */
export async function reconcile(
  client: OpenSolarClient,
  orgId: number,
  webhook: ApiWebhook,
  inputs: WebhookInputs,
  marker: string,
): Promise<ApiWebhook> {
  // Nothing is "known" here: a masked value must not be filled in from the declaration.
  const live = outputsFrom(webhook, orgId, { headers: {}, allowInsecureEndpoint: false, onDelete: "delete" });
  const patch = markedPatch(compareWebhook(live, inputs).patch, inputs, marker);
  if (!sameMarker(markerOf(headerNames(webhook))?.name, marker)) patch.headers = headersWithMarker(inputs.headers, marker);
  if (Object.keys(patch).length === 0) return webhook;
  debug(`webhook ${webhook.id} in org ${orgId}: updating ${Object.keys(patch).join(", ")} to match the declaration`);
  return client.updateWebhook(orgId, webhook.id, patch);
}

/** A PATCH body whose headers, if it changes them, keep the ownership marker. */
export function markedPatch(patch: WebhookWriteBody, inputs: Pick<WebhookInputs, "headers">, marker: string | undefined): WebhookWriteBody {
  if (patch.headers === undefined) return patch;
  return { ...patch, headers: headersWithMarker(inputs.headers, marker) };
}

function headerNames(webhook: ApiWebhook): string[] {
  return Object.keys(webhook.headers ?? {});
}

function mayHaveBeenCreated(error: unknown): boolean {
  if (error instanceof OpenSolarNetworkError) return error.maybeProcessed;
  if (error instanceof OpenSolarHttpError) return error.status >= 500 || error.status === 408;
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
