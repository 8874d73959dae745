import type { OpenSolarClient } from "./client";
import { OpenSolarHttpError, OpenSolarNetworkError } from "./errors";
import { sameFieldSet } from "./fields";
import { debug } from "./log";
import { claim, isClaimed } from "./ownership";
import type { WebhookDirectory } from "./webhook-directory";
import type { ApiWebhook, WebhookWriteBody } from "./wire";

// Creation without duplicates. Two identical webhooks in one org would deliver every
// event twice, and one may already exist without being in state: a POST whose answer was
// lost, or a `pulumi up` killed before it recorded the create. So before POSTing, the
// provider adopts an identical webhook that no resource of this run owns. A POST whose
// outcome is unknown (timeout, reset, 5xx) is followed by a pause and a fresh look before
// it is sent again, and by a last look afterwards that deletes a copy committed late.

const MAX_ATTEMPTS = 4;

// Identical creates in one org run one after the other, so that two identical declarations
// never adopt the same webhook; different ones (even to one endpoint) run in parallel.
const locks = new Map<string, Promise<unknown>>();

export interface CreateRequest {
  readonly client: OpenSolarClient;
  /** The shared listing, for the look before POSTing. */
  readonly directory: WebhookDirectory;
  readonly orgId: number;
  readonly body: Required<WebhookWriteBody>;
  /** How long a request that timed out may still be running on the server. */
  readonly settleMs: number;
}

export async function createWithoutDuplicates(request: CreateRequest): Promise<ApiWebhook> {
  const key = `${request.orgId} ${JSON.stringify(request.body)}`;
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    const webhook = await adoptOrCreate(request);
    claim(request.orgId, webhook.id);
    return webhook;
  });
  locks.set(key, run);
  try {
    return await run;
  } finally {
    if (locks.get(key) === run) locks.delete(key);
  }
}

async function adoptOrCreate({ client, directory, orgId, body, settleMs }: CreateRequest): Promise<ApiWebhook> {
  const [existing] = unownedCopies(orgId, await directory.list(orgId), body);
  if (existing) {
    debug(`org ${orgId} already has webhook ${existing.id} identical to the declaration and owned by no resource; adopting it`);
    return existing;
  }
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await client.createWebhook(orgId, body);
      if (uncertain) await removeLateCopies({ client, orgId, body, settleMs }, created);
      return created;
    } catch (error) {
      if (!mayHaveBeenCreated(error) || attempt >= MAX_ATTEMPTS) throw error;
      uncertain = true;
      debug(`POST webhook in org ${orgId}: outcome unknown (attempt ${attempt}), looking for it before sending again`);
      await sleep(settleMs);
      const [found] = unownedCopies(orgId, await client.listWebhooks(orgId), body);
      if (found) {
        debug(`POST webhook in org ${orgId}: found webhook ${found.id} created by the lost request, adopting it`);
        return found;
      }
    }
  }
}

async function removeLateCopies(
  { client, orgId, body, settleMs }: Omit<CreateRequest, "directory">,
  kept: ApiWebhook,
): Promise<void> {
  await sleep(settleMs);
  const copies = unownedCopies(orgId, await client.listWebhooks(orgId), body).filter((webhook) => webhook.id !== kept.id);
  for (const copy of copies) {
    debug(`POST webhook in org ${orgId}: a lost request created webhook ${copy.id} late; deleting the copy`);
    await client.deleteWebhook(orgId, copy.id);
  }
}

function mayHaveBeenCreated(error: unknown): boolean {
  if (error instanceof OpenSolarNetworkError) return error.maybeProcessed;
  if (error instanceof OpenSolarHttpError) return error.status >= 500 || error.status === 408;
  return false;
}

/** Webhooks identical to `body` that no resource of this run owns, newest first. */
function unownedCopies(orgId: number, webhooks: readonly ApiWebhook[], body: Required<WebhookWriteBody>): ApiWebhook[] {
  return webhooks.filter((webhook) => !isClaimed(orgId, webhook.id) && isIdentical(webhook, body)).sort((a, b) => b.id - a.id);
}

function isIdentical(webhook: ApiWebhook, body: Required<WebhookWriteBody>): boolean {
  const sent = JSON.parse(body.headers) as Record<string, string>;
  const live = webhook.headers ?? {};
  const names = Object.keys(sent);
  // A masked value (********) cannot be compared; the names still can.
  const sameHeaders =
    names.length === Object.keys(live).length &&
    names.every((name) => name in live && (live[name] === sent[name] || /^\*{3,}$/.test(live[name] ?? "")));
  return (
    webhook.endpoint === body.endpoint &&
    webhook.enabled === body.enabled &&
    webhook.debug === body.debug &&
    sameHeaders &&
    sameFieldSet(webhook.triggerFields, body.trigger_fields) &&
    sameFieldSet(webhook.payloadFields, body.payload_fields)
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
