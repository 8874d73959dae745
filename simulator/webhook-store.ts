/** The fields a client can set on a webhook. */
export interface WebhookFields {
  endpoint: string;
  headers: string;
  enabled: boolean;
  debug: boolean;
  trigger_fields: string[] | null;
  payload_fields: string[] | null;
}

/** A webhook as stored: the client's fields plus server-owned ones. */
export interface WebhookRecord extends WebhookFields {
  readonly id: number;
  readonly orgId: number;
  created_date: string;
  modified_date: string;
}

export type WebhookTimestamps = Partial<Pick<WebhookRecord, "created_date" | "modified_date">>;

export type WebhookChange =
  | { kind: "created"; webhook: WebhookRecord }
  | { kind: "updated"; webhook: WebhookRecord; previous: WebhookRecord }
  | { kind: "deleted"; webhook: WebhookRecord };

/**
 * Webhooks of every org, in memory. Ids come from one counter so they are unique across
 * orgs, as they are in OpenSolar's database. Values go in and out as copies so that no
 * caller can change stored state by holding on to an array.
 */
export class WebhookStore {
  readonly changes = new ChangeFeed<WebhookChange>();
  readonly #byId = new Map<number, WebhookRecord>();
  // Starting well above 1 keeps ids from being confused with org ids in tests.
  #nextId = 1001;

  list(orgId: number): WebhookRecord[] {
    // Ids only grow, so the map's insertion order is id order.
    return [...this.#byId.values()].filter((w) => w.orgId === orgId).map(copy);
  }

  get(orgId: number, id: number): WebhookRecord | undefined {
    const found = this.#byId.get(id);
    return found && found.orgId === orgId ? copy(found) : undefined;
  }

  create(orgId: number, fields: WebhookFields & WebhookTimestamps): WebhookRecord {
    const now = new Date().toISOString();
    const webhook = copy({ created_date: now, modified_date: now, ...fields, id: this.#nextId++, orgId });
    this.#byId.set(webhook.id, webhook);
    this.changes.emit({ kind: "created", webhook: copy(webhook) });
    return copy(webhook);
  }

  /** Updates the given fields and modified_date (unless given); undefined if missing. */
  update(orgId: number, id: number, patch: Partial<WebhookFields> & WebhookTimestamps): WebhookRecord | undefined {
    const previous = this.#byId.get(id);
    if (!previous || previous.orgId !== orgId) return undefined;
    const webhook = copy({ ...previous, modified_date: new Date().toISOString(), ...patch, id, orgId });
    this.#byId.set(id, webhook);
    this.changes.emit({ kind: "updated", webhook: copy(webhook), previous: copy(previous) });
    return copy(webhook);
  }

  /** Returns the removed webhook, or undefined if it was not there. */
  remove(orgId: number, id: number): WebhookRecord | undefined {
    const webhook = this.#byId.get(id);
    if (!webhook || webhook.orgId !== orgId) return undefined;
    this.#byId.delete(id);
    this.changes.emit({ kind: "deleted", webhook: copy(webhook) });
    return copy(webhook);
  }
}

function copy(webhook: WebhookRecord): WebhookRecord {
  return {
    ...webhook,
    trigger_fields: webhook.trigger_fields === null ? null : [...webhook.trigger_fields],
    payload_fields: webhook.payload_fields === null ? null : [...webhook.payload_fields],
  };
}

/**
 * A typed list of listeners. The store announces changes here so that other modules
 * (event deliveries, for one) can react without the routes knowing about them.
 */
export class ChangeFeed<Change> {
  readonly #listeners = new Set<(change: Change) => void>();

  /** Returns a function that unsubscribes. */
  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(change: Change): void {
    for (const listener of this.#listeners) {
      // A failing listener must not turn a committed API change into a 500.
      try {
        listener(change);
      } catch (error) {
        console.error("pulumi-opensolar simulator: a change listener failed:", error);
      }
    }
  }
}
