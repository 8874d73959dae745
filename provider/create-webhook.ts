import type { OpenSolarClient } from "./client";
import { OpenSolarHttpError, OpenSolarNetworkError } from "./errors";
import { sameFieldSet } from "./fields";
import { debug } from "./log";
import { isClaimed } from "./ownership";
import type { ApiWebhook, WebhookWriteBody } from "./wire";

// POST without duplicates. A POST whose answer is lost (timeout, reset, 5xx after
// sending) may have created the webhook. Before sending it again, look for a webhook
// that matches what was sent, is not owned by any resource this process has seen, and
// was created after the first attempt started; adopt it if found.

const MAX_ATTEMPTS = 4;
// Server clocks drift; a webhook created this much before our first attempt still counts.
const CLOCK_SKEW_MS = 60_000;

export async function createWithoutDuplicates(
  client: OpenSolarClient,
  orgId: number,
  body: Required<WebhookWriteBody>,
): Promise<ApiWebhook> {
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.createWebhook(orgId, body);
    } catch (error) {
      if (!mayHaveBeenCreated(error) || attempt >= MAX_ATTEMPTS) throw error;
      debug(`POST webhook in org ${orgId}: outcome unknown (attempt ${attempt}), looking for it before sending again`);
      const found = await findCreated(client, orgId, body, startedAt);
      if (found) {
        debug(`POST webhook in org ${orgId}: found webhook ${found.id} created by the lost request, adopting it`);
        return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

function mayHaveBeenCreated(error: unknown): boolean {
  if (error instanceof OpenSolarNetworkError) return error.maybeProcessed;
  if (error instanceof OpenSolarHttpError) return error.status >= 500 || error.status === 408;
  return false;
}

async function findCreated(
  client: OpenSolarClient,
  orgId: number,
  body: Required<WebhookWriteBody>,
  startedAt: number,
): Promise<ApiWebhook | undefined> {
  const webhooks = await client.listWebhooks(orgId);
  const candidates = webhooks.filter(
    (webhook) =>
      !isClaimed(orgId, webhook.id) &&
      matchesSent(webhook, body) &&
      (webhook.createdDate === undefined || Date.parse(webhook.createdDate) >= startedAt - CLOCK_SKEW_MS),
  );
  // The newest one is ours if any is: ids grow.
  return candidates.sort((a, b) => b.id - a.id)[0];
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
