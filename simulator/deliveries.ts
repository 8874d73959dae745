import { deliveryHeaders, postDelivery } from "./delivery-post";
import { deliveryPayload, firesFor } from "./field-paths";
import { isLoopbackHost } from "./loopback";
import type { ResolvedDeliveryOptions } from "./options";
import type { DeliveryLogEntry, ModelChange, QueuedDelivery } from "./types";
import { webhookUrl } from "./webhook-representation";
import type { WebhookStore } from "./webhook-store";

/** One change on its way to one webhook; it stays queued until delivered or given up. */
interface Job {
  readonly id: number;
  readonly orgId: number;
  readonly webhookId: number;
  readonly change: ModelChange;
  /** Built when the change happened: retries send what the first attempt sent. */
  readonly body: string;
  attempts: number;
  /** ms since the epoch; null while an attempt is in flight. */
  nextAttemptAt: number | null;
  processingStartedAt: number | null;
  timer: NodeJS.Timeout | undefined;
}

type AttemptResult =
  | { done: true; successful: boolean; notes: string }
  | { done: false; notes: string };

// setTimeout's limit; a long backoff must not wrap around to "now".
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * POSTs changes to the webhooks they fire and retries failures with exponential backoff.
 * The payload is fixed when the change happens; endpoint and headers are read at each
 * attempt, so a fixed endpoint or a rotated secret applies to retries, as a queue that
 * refers to the webhook would.
 */
export class Deliveries {
  readonly log = new DeliveryLog();
  readonly #webhooks: WebhookStore;
  readonly #options: ResolvedDeliveryOptions;
  readonly #baseUrl: () => string;
  readonly #jobs = new Map<number, Job>();
  readonly #inFlight = new Map<AbortController, Promise<unknown>>();
  readonly #unsubscribe: () => void;
  #idleWaiters: Array<() => void> = [];
  #nextJobId = 1;
  #closed = false;

  constructor(webhooks: WebhookStore, options: ResolvedDeliveryOptions, baseUrl: () => string) {
    this.#webhooks = webhooks;
    this.#options = options;
    this.#baseUrl = baseUrl;
    // A deleted webhook's retries have nowhere to go.
    this.#unsubscribe = webhooks.changes.subscribe((change) => {
      if (change.kind === "deleted") this.#dropJobsOf(change.webhook.id);
    });
  }

  /** Queues the change for every enabled webhook it fires; resolves with the first attempts. */
  async dispatch(change: ModelChange): Promise<DeliveryLogEntry[]> {
    if (this.#closed) return [];
    const jobs = this.#webhooks
      .list(change.orgId)
      .filter((webhook) => webhook.enabled && firesFor(webhook.trigger_fields, change))
      .map((webhook) => {
        const job: Job = {
          id: this.#nextJobId++,
          orgId: change.orgId,
          webhookId: webhook.id,
          change,
          body: JSON.stringify(deliveryPayload(change, webhook.payload_fields)),
          attempts: 0,
          nextAttemptAt: Date.now(),
          processingStartedAt: null,
          timer: undefined,
        };
        this.#jobs.set(job.id, job);
        return job;
      });
    return defined(await Promise.all(jobs.map((job) => this.#attempt(job))));
  }

  queue(orgId?: number): QueuedDelivery[] {
    return [...this.#jobs.values()]
      .filter((job) => orgId === undefined || job.orgId === orgId)
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.id - b.id)
      .map((job) => ({
        id: job.id,
        webhook: webhookUrl(this.#baseUrl(), job.orgId, job.webhookId),
        number_of_attempts: job.attempts,
        next_attempt_at: isoOrNull(job.nextAttemptAt),
        processing_started_at: isoOrNull(job.processingStartedAt),
        event: job.change.event,
        model_name: job.change.model,
        model_pk: job.change.model_id,
        foreign_identifier: job.change.identifier,
      }));
  }

  async flush(): Promise<DeliveryLogEntry[]> {
    const waiting = [...this.#jobs.values()].filter((job) => job.processingStartedAt === null);
    return defined(await Promise.all(waiting.map((job) => this.#attempt(job))));
  }

  idle(): Promise<void> {
    if (this.#closed || this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops timers, aborts attempts in flight and waits for them to end. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    this.#jobs.clear();
    for (const controller of this.#inFlight.keys()) controller.abort();
    await Promise.allSettled(this.#inFlight.values());
    this.#wakeIdleWaiters();
  }

  async #attempt(job: Job): Promise<DeliveryLogEntry | undefined> {
    clearTimeout(job.timer);
    job.timer = undefined;
    job.nextAttemptAt = null;
    job.processingStartedAt = Date.now();
    const controller = new AbortController();
    // A bug in here must end up in the log, not as an unhandled rejection from a timer.
    const sending = this.#send(job, controller.signal).catch(
      (error: unknown): AttemptResult => ({ done: false, notes: `simulator error: ${String(error)}` }),
    );
    this.#inFlight.set(controller, sending);
    let result: AttemptResult;
    try {
      result = await sending;
    } finally {
      this.#inFlight.delete(controller);
    }
    if (this.#closed || !this.#jobs.has(job.id)) return undefined;

    job.attempts += 1;
    job.processingStartedAt = null;
    let notes = result.notes;
    let done = result.done;
    if (!result.done) {
      if (job.attempts < this.#options.maxAttempts) {
        const delay = Math.min(this.#options.retryBaseMs * 2 ** (job.attempts - 1), MAX_DELAY_MS);
        job.nextAttemptAt = Date.now() + delay;
        job.timer = setTimeout(() => void this.#attempt(job), delay);
        job.timer.unref();
        notes += `; retry ${job.attempts + 1} of ${this.#options.maxAttempts} at ${new Date(job.nextAttemptAt).toISOString()}`;
      } else {
        notes += `; gave up after ${job.attempts} attempt${job.attempts === 1 ? "" : "s"}`;
        done = true;
      }
    }
    if (done) this.#jobs.delete(job.id);
    const entry = this.log.add(job.orgId, {
      webhook: webhookUrl(this.#baseUrl(), job.orgId, job.webhookId),
      successful: result.done && result.successful,
      model_name: job.change.model,
      model_pk: job.change.model_id,
      event_name: job.change.event,
      event_id: job.change.event_id,
      event_timestamp: new Date(Number(job.change.timestamp) * 1000).toISOString(),
      created_date: new Date().toISOString(),
      notes,
    });
    if (this.#jobs.size === 0) this.#wakeIdleWaiters();
    return entry;
  }

  /** done: true for success and for failures that a retry cannot fix. */
  async #send(job: Job, signal: AbortSignal): Promise<AttemptResult> {
    const webhook = this.#webhooks.get(job.orgId, job.webhookId);
    if (!webhook) return notDelivered("webhook deleted");
    if (!webhook.enabled) return notDelivered("webhook disabled");
    let url: URL;
    try {
      url = new URL(webhook.endpoint);
    } catch {
      return notDelivered("invalid endpoint");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return notDelivered("invalid endpoint");
    const loopbackOnly = !this.#options.allowNonLoopback;
    if (loopbackOnly && !isLoopbackHost(url.hostname)) return notDelivered("non-loopback endpoint");
    const headers = deliveryHeaders(webhook.headers);
    if (!headers) return notDelivered("headers are not a JSON object");

    const outcome = await postDelivery(url, job.body, { headers, timeoutMs: this.#options.timeoutMs, loopbackOnly, signal });
    switch (outcome.kind) {
      case "answered": {
        const successful = outcome.status >= 200 && outcome.status < 300;
        return successful ? { done: true, successful, notes: `HTTP ${outcome.status}` } : { done: false, notes: `HTTP ${outcome.status}` };
      }
      case "failed":
        return { done: false, notes: outcome.reason };
      case "refused":
        return notDelivered(outcome.reason);
    }
  }

  #dropJobsOf(webhookId: number): void {
    for (const job of this.#jobs.values()) {
      if (job.webhookId !== webhookId || job.processingStartedAt !== null) continue;
      clearTimeout(job.timer);
      this.#jobs.delete(job.id);
    }
    if (this.#jobs.size === 0) this.#wakeIdleWaiters();
  }

  #wakeIdleWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

// Enough for any test run; a simulator left running for days must not grow without end.
const MAX_LOG_ENTRIES = 10_000;

/** Every delivery attempt, oldest first, across orgs. */
export class DeliveryLog {
  #entries: Array<{ orgId: number; entry: DeliveryLogEntry }> = [];
  #nextId = 1;

  add(orgId: number, fields: Omit<DeliveryLogEntry, "id">): DeliveryLogEntry {
    const entry: DeliveryLogEntry = { id: this.#nextId++, ...fields };
    this.#entries.push({ orgId, entry });
    if (this.#entries.length > MAX_LOG_ENTRIES) this.#entries.shift();
    return { ...entry };
  }

  list(orgId?: number): DeliveryLogEntry[] {
    return this.#entries.filter((logged) => orgId === undefined || logged.orgId === orgId).map(({ entry }) => ({ ...entry }));
  }
}

function notDelivered(reason: string): AttemptResult {
  return { done: true, successful: false, notes: `not delivered: ${reason}` };
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function defined<T>(items: ReadonlyArray<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}
