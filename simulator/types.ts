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
  /** Every API request (not control routes), in order. */
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
}
