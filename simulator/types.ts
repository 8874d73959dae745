/** Options for {@link startSimulator}. */
export interface SimulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** token -> the org ids it may access. @default { "sim-token": [1] } */
  tokens?: Record<string, number[]>;
  /** Answer with every header value replaced by "********" (OpenSolar may mask). @default false */
  maskHeaderValues?: boolean;
  /**
   * Page size for list answers as DRF pages {count,next,previous,results}; undefined = plain
   * JSON array. `| undefined` so that `setOptions({ pageSize: undefined })` can turn paging off
   * under exactOptionalPropertyTypes.
   */
  pageSize?: number | undefined;
  /** When false, DELETE on a webhook answers 405 {"detail":"Method \"DELETE\" not allowed."}. @default true */
  allowDelete?: boolean;
  /** Latency added to every API answer, in ms (for benchmarks). @default 0 */
  latencyMs?: number;
  /** How model changes are delivered to webhook endpoints. */
  deliveries?: DeliveryOptions;
}

/** How the simulator POSTs events to webhook endpoints and retries failures. */
export interface DeliveryOptions {
  /** Time one attempt may take, from connecting to the answer's status line. @default 5000 */
  timeoutMs?: number;
  /** Wait before the first retry; every further retry waits twice as long. @default 1000 */
  retryBaseMs?: number;
  /** Attempts per delivery, the first one included, before it is given up. @default 5 */
  maxAttempts?: number;
  /**
   * Deliver to endpoints off this machine too. Off, only loopback addresses and `localhost`
   * are contacted, and other endpoints are logged as not delivered. @default false
   */
  allowNonLoopback?: boolean;
}

/** Exactly what the API returns for a webhook. */
export interface StoredWebhook {
  id: number;
  /** `${baseUrl}/api/orgs/${org}/webhooks/${id}/` */
  url: string;
  /** `${baseUrl}/api/orgs/${org}/` */
  org: string;
  endpoint: string;
  /** A JSON string holding an object; may be "" or "{}". */
  headers: string;
  enabled: boolean;
  debug: boolean;
  trigger_fields: string[] | null;
  payload_fields: string[] | null;
  /** ISO 8601 */
  created_date: string;
  /** ISO 8601 */
  modified_date: string;
}

/** What a fault did to a request, as recorded in {@link RecordedRequest.faulted}. */
export type FaultKind = "reset" | "status" | "rawBody" | "loseResponse" | "latency";

/** One API request as the simulator saw it (control routes are not recorded). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it did not parse, or undefined when there was none. */
  body: unknown;
  /** The status answered; 0 until answered, and for reset or lost responses. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  faulted?: FaultKind;
}

/** A fault to inject into matching API requests. */
export interface FaultRule {
  /** e.g. "POST"; undefined = any */
  method?: string;
  /** string = exact path incl. trailing slash, or a prefix ending in "*"; undefined = any API route */
  path?: string | RegExp;
  /** Answer this status instead of handling the request (body {"detail": "..."} unless rawBody). */
  status?: number;
  /** Retry-After header value to send with status (e.g. "1" or an HTTP date). */
  retryAfter?: string;
  /** Answer this exact body with `status` (default 200) instead of handling the request. */
  rawBody?: string;
  /** Content-Type of rawBody. @default "application/json" */
  contentType?: string;
  /** Wait before handling/answering; adds to the global latency. */
  latencyMs?: number;
  /** Destroy the socket before doing anything (the request is NOT processed). */
  reset?: boolean;
  /** Process the request fully (state committed), then destroy the socket instead of answering. */
  loseResponse?: boolean;
  /** Apply to this many matching requests, then expire; undefined = until cleared. */
  times?: number;
  /** 0..1 chance to apply per matching request, drawn from a PRNG seeded by `seed`. @default 1 */
  probability?: number;
  /** Seed for `probability`, so runs repeat. @default 1 */
  seed?: number;
}

/** Options that can be changed while the simulator runs. */
export type SimulatorSettingsPatch = Partial<
  Pick<SimulatorOptions, "maskHeaderValues" | "pageSize" | "allowDelete" | "latencyMs">
>;

/** Fields that out-of-band edits may set. */
export type WebhookFieldsPatch = Partial<Omit<StoredWebhook, "id" | "url" | "org">>;

/** A running simulator. */
export interface Simulator {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  readonly port: number;
  /** Stops listening and destroys keep-alive sockets so test runners exit. */
  close(): Promise<void>;
  /**
   * Every API request (not control routes), in order, exactly as sent: tokens included.
   * `GET /__simulator/requests` shows the same list with credentials and webhook header values masked.
   */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Returns a function that removes this rule. */
  addFault(rule: FaultRule): () => void;
  clearFaults(): void;
  // Out-of-band access to state, as if someone used the OpenSolar UI. Never masked.
  webhooks(orgId: number): StoredWebhook[];
  getWebhook(orgId: number, id: number): StoredWebhook | undefined;
  /** Absent lists take the documented defaults; given values are stored verbatim. */
  seedWebhook(orgId: number, fields: WebhookFieldsPatch & { endpoint: string }): StoredWebhook;
  /** Stores the given values verbatim (no API validation); throws if the webhook is missing. */
  editWebhook(orgId: number, id: number, fields: WebhookFieldsPatch): StoredWebhook;
  /** Does nothing if the webhook is already gone. */
  removeWebhook(orgId: number, id: number): void;
  /** Add a token or rebind it to other orgs. */
  setToken(token: string, orgIds: number[]): void;
  /** A token that expired: 401 from then on. */
  revokeToken(token: string): void;
  setOptions(patch: SimulatorSettingsPatch): void;
  /** Model records; changes to them fire webhooks. */
  readonly models: SimulatorModels;
  /** What was delivered, and what waits for a retry. */
  readonly deliveries: SimulatorDeliveries;
}

/** The models whose changes fire webhooks, as named in field paths. */
export type ModelName = "project" | "contact" | "event";

/** What happened to a model record, as named in payloads. */
export type ModelEvent = "CREATE" | "UPDATE" | "DELETE";

/** A change to make happen, as if someone used OpenSolar. */
export interface ModelChangeInput {
  orgId: number;
  model: ModelName;
  event: ModelEvent;
  /**
   * CREATE: the new record's id (default: the next free one). UPDATE and DELETE: the record
   * to change; when absent, `identifier` finds it.
   */
  id?: number;
  /**
   * CREATE: the record's identifier (default: `fields.identifier` when a string, else
   * generated). UPDATE: finds the record when `id` is absent, else sets a new identifier.
   * DELETE: finds the record when `id` is absent.
   */
  identifier?: string;
  /** CREATE: the record's fields. UPDATE: fields to set, merged over the record's. JSON values. */
  fields?: Record<string, unknown>;
}

/** A model record as the simulator keeps it. `fields.id` is always the record's id. */
export interface ModelRecord {
  orgId: number;
  model: ModelName;
  id: number;
  identifier: string;
  fields: Record<string, unknown>;
}

/** A change that happened. */
export interface ModelChange {
  orgId: number;
  model: ModelName;
  event: ModelEvent;
  model_id: number;
  event_id: number;
  identifier: string;
  /** Unix seconds as a string, as in the payload. */
  timestamp: string;
  /** The record's fields after the change; for DELETE, the fields it had. */
  fields: Record<string, unknown>;
  /**
   * UPDATE: the dotted paths whose values changed, parents included and list indices left
   * out (`systems`, `systems.kw_stc`). Empty for CREATE and DELETE, which fire regardless.
   */
  changed_fields: string[];
}

/** One delivery attempt, as `GET /api/orgs/:org_id/webhook_process_logs/` shows it. */
export interface DeliveryLogEntry {
  id: number;
  /** The webhook's API URL. */
  webhook: string;
  successful: boolean;
  model_name: ModelName;
  model_pk: number;
  event_name: ModelEvent;
  event_id: number;
  /** ISO 8601: when the change happened. */
  event_timestamp: string;
  /** ISO 8601: when the attempt ended. */
  created_date: string;
  /** e.g. "HTTP 200", "HTTP 500; retry 2 of 5 at ...", "not delivered: non-loopback endpoint". */
  notes: string;
}

/** A delivery waiting for a retry or in flight, as `GET /api/orgs/:org_id/webhook_queue_models/` shows it. */
export interface QueuedDelivery {
  id: number;
  /** The webhook's API URL. */
  webhook: string;
  /** Attempts made so far. */
  number_of_attempts: number;
  /** ISO 8601; null while an attempt is in flight. */
  next_attempt_at: string | null;
  /** ISO 8601 while an attempt is in flight, else null. */
  processing_started_at: string | null;
  event: ModelEvent;
  model_name: ModelName;
  model_pk: number;
  foreign_identifier: string;
}

/** A change and the first delivery attempt it caused at each webhook it fired. */
export interface ModelChangeResult {
  change: ModelChange;
  deliveries: DeliveryLogEntry[];
}

/** Model records and the changes that fire webhooks. */
export interface SimulatorModels {
  /**
   * Applies the change and POSTs it to every enabled webhook of the org whose trigger fields
   * match; resolves once each first attempt has ended. Failed attempts are retried later.
   * Rejects with a {@link ModelChangeError} for an invalid change (unknown record, bad input).
   */
  change(input: ModelChangeInput): Promise<ModelChangeResult>;
  get(orgId: number, model: ModelName, id: number): ModelRecord | undefined;
  /** The org's records of that model, by id. */
  list(orgId: number, model: ModelName): ModelRecord[];
}

/** The delivery log and retry queue. */
export interface SimulatorDeliveries {
  /** Every attempt, oldest first; only the org's when `orgId` is given. */
  log(orgId?: number): DeliveryLogEntry[];
  /** Deliveries not yet done, in order of their next attempt; only the org's when `orgId` is given. */
  queue(orgId?: number): QueuedDelivery[];
  /** Attempts every queued delivery that is not in flight now, without waiting out its backoff. */
  flush(): Promise<DeliveryLogEntry[]>;
  /**
   * Resolves once no attempt is in flight and no delivery waits for a retry (each one
   * succeeded or was given up), or the simulator closed. For tests to await instead of sleeping.
   */
  idle(): Promise<void>;
}
