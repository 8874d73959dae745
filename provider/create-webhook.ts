import type { OpenSolarClient } from "./client";
import { OpenSolarHttpError, OpenSolarNetworkError } from "./errors";
import { sameFieldSet } from "./fields";
import { debug } from "./log";
import { isClaimed } from "./ownership";
import type { ApiWebhook, WebhookWriteBody } from "./wire";

// POST without duplicates. A POST whose answer is lost (timeout, reset, 5xx after
// sending) may have created the webhook. Before sending it again, give the server a moment
// to finish, then look for a webhook that matches what was sent, is not owned by any
// resource this process has seen, and was created after the first attempt started; adopt
// it if found. A request that commits even later is caught by a last look after the POST
// that did answer: the extra copy is deleted.

const MAX_ATTEMPTS = 4;
// Server clocks drift; a webhook created this much before our first attempt still counts.
const CLOCK_SKEW_MS = 60_000;

export async function createWithoutDuplicates(
  client: OpenSolarClient,
  orgId: number,
  body: Required<WebhookWriteBody>,
  settleMs: number,
): Promise<ApiWebhook> {
  const startedAt = Date.now();
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await client.createWebhook(orgId, body);
      if (uncertain) await removeLateCopies(client, orgId, body, startedAt, created, settleMs);
      return created;
    } catch (error) {
      if (!mayHaveBeenCreated(error) || attempt >= MAX_ATTEMPTS) throw error;
      uncertain = true;
      debug(`POST webhook in org ${orgId}: outcome unknown (attempt ${attempt}), looking for it before sending again`);
      await sleep(settleMs);
      const [found] = await findCreated(client, orgId, body, startedAt);
      if (found) {
        debug(`POST webhook in org ${orgId}: found webhook ${found.id} created by the lost request, adopting it`);
        return found;
      }
    }
  }
}

async function removeLateCopies(
  client: OpenSolarClient,
  orgId: number,
  body: Required<WebhookWriteBody>,
  startedAt: number,
  kept: ApiWebhook,
  settleMs: number,
): Promise<void> {
  await sleep(settleMs);
  const copies = (await findCreated(client, orgId, body, startedAt)).filter((webhook) => webhook.id !== kept.id);
  for (const copy of copies) {
    debug(`POST webhook in org ${orgId}: a lost request created webhook ${copy.id} late; deleting the copy`);
    await client.deleteWebhook(orgId, copy.id);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function mayHaveBeenCreated(error: unknown): boolean {
  if (error instanceof OpenSolarNetworkError) return error.maybeProcessed;
  if (error instanceof OpenSolarHttpError) return error.status >= 500 || error.status === 408;
  return false;
}

/** Unowned webhooks matching what was sent and created since `startedAt`, newest first. */
async function findCreated(
  client: OpenSolarClient,
  orgId: number,
  body: Required<WebhookWriteBody>,
  startedAt: number,
): Promise<ApiWebhook[]> {
  const webhooks = await client.listWebhooks(orgId);
  const candidates = webhooks.filter(
    (webhook) =>
      !isClaimed(orgId, webhook.id) &&
      matchesSent(webhook, body) &&
      (webhook.createdDate === undefined || Date.parse(webhook.createdDate) >= startedAt - CLOCK_SKEW_MS),
  );
  // The newest one is ours if any is: ids grow.
  return candidates.sort((a, b) => b.id - a.id);
}

function matchesSent(webhook: ApiWebhook, body: Required<WebhookWriteBody>): boolean {
  const sentHeaders = JSON.parse(body.headers) as Record<string, string>;
  const liveHeaders = webhook.headers ?? {};
  const sameHeaderNames =
    Object.keys(sentHeaders).length === Object.keys(liveHeaders).length &&
    Object.keys(sentHeaders).every((name) => name in liveHeaders);
  return (
    webhook.endpoint === body.endpoint &&
    webhook.enabled === body.enabled &&
    sameHeaderNames &&
    sameFieldSet(webhook.triggerFields, body.trigger_fields) &&
    sameFieldSet(webhook.payloadFields, body.payload_fields)
  );
}
