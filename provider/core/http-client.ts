import type { AxiosInstance, AxiosResponse } from "axios";
import {
  errorFromResponse,
  OpenSolarNetworkError,
  OpenSolarResponseError,
  type RequestDescription,
  type ResourceVocabulary,
} from "./errors";
import { debug, knownSecrets, registerSecret } from "./log";
import { redactError } from "./redact";
import { RequestGate } from "./request-gate";
import { parseRetryAfter, retryDelayMs, withinBudget } from "./retry";
import { requireToken, type ProviderSettings } from "./settings";
import { USER_AGENT } from "./version";
import { parseListPage } from "./list-page";

// OpenSolar's API over HTTP, for any resource. Idempotent calls (GET, PATCH, DELETE) retry
// on network errors and retryable statuses with backoff; POST is sent once, except when the
// server certainly did not act (connection refused, 429), because a lost answer may hide a
// resource that was created: deciding that is the caller's job (see webhook/create-webhook.ts).
//
// Time is bounded twice: each attempt has a deadline (connect, headers and body together;
// axios' own `timeout` is an idle timer that a trickling server never trips), and the
// whole call, attempts, waits and the attempt in flight included, ends within the retry
// budget (`maxElapsedMs`).

/** What one HTTP exchange gave back. */
export interface HttpAnswer {
  readonly status: number;
  readonly data: unknown;
}

export interface CallSpec {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  /** Calls are paced per org (request-gate.ts). */
  readonly orgId: number;
  readonly body?: unknown;
  /** Whose fields and noun error messages use. */
  readonly resource?: ResourceVocabulary;
  /** Secret values the body carries: scrubbed from any error the call raises. */
  readonly secrets?: readonly string[];
  /** Statuses handed back to the caller instead of thrown. */
  readonly expected: readonly number[];
}

/** Counters for benchmarks and the fault campaign; never holds request content. */
export const clientStats = { requests: 0, retries: 0 };

/** More pages than this is a broken `next` chain (or an org no listing should serve). */
export const MAX_LIST_PAGES = 200;

// Network failures after which the server cannot have processed the request.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

interface SentAnswer extends HttpAnswer {
  readonly retryAfter: string | undefined;
  readonly contentType: string | undefined;
  readonly bodyLength: number;
  readonly location: string | undefined;
}

export class OpenSolarHttpClient {
  /** Made at the first request: a no-change `up` (check and diff only) never loads axios. */
  private http: AxiosInstance | undefined;
  private readonly token: string;
  private readonly gates = new Map<number, RequestGate>();

  constructor(private readonly settings: ProviderSettings) {
    this.token = requireToken(settings);
    registerSecret(this.token);
  }

  private transport(): AxiosInstance {
    if (this.http !== undefined) return this.http;
    // Required here rather than imported: axios and its dependencies take a provider ~40 ms to load.
    const axios = (require("axios") as typeof import("axios")).default;
    this.http = axios.create({
      baseURL: this.settings.baseUrl,
      // The deadline is ours (an AbortSignal per attempt); axios' idle timer stays off.
      timeout: 0,
      maxRedirects: 0,
      responseType: "text",
      // Parse ourselves: a non-JSON answer must become a clear error, not a string in state.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: {
        "User-Agent": USER_AGENT,
        Accept: "application/json",
        "Content-Type": "application/json",
      },
    });
    return this.http;
  }

  /**
   * Every item of a list, page after page (a plain JSON array, or DRF pages with `next`).
   * `what` names the list in errors ("this org's webhooks").
   */
  async listAll(orgId: number, first: string, what: string, resource?: ResourceVocabulary): Promise<{ request: RequestDescription; item: unknown }[]> {
    const items: { request: RequestDescription; item: unknown }[] = [];
    const seen = new Set<string>();
    let path: string | undefined = first;
    while (path !== undefined) {
      const request: CallSpec = { method: "GET", path, orgId, expected: [], ...(resource ? { resource } : {}) };
      if (seen.size >= MAX_LIST_PAGES) {
        throw new OpenSolarResponseError(
          request,
          `the list of ${what} goes on past ${MAX_LIST_PAGES} pages, more than any org should hold; stopped there`,
        );
      }
      seen.add(path);
      const answer = await this.call(request);
      const parsed = parseListPage(answer.data);
      if (!parsed.ok) throw new OpenSolarResponseError(request, parsed.problem);
      for (const item of parsed.value.items) items.push({ request, item });
      path = this.nextPage(request, parsed.value.next, first, seen, what);
    }
    return items;
  }

  async call(spec: CallSpec): Promise<HttpAnswer> {
    const secrets = [this.token, ...(spec.secrets ?? []), ...knownSecrets()];
    try {
      return await this.callWithRetries(spec);
    } catch (error) {
      throw error instanceof Error ? redactError(error, secrets) : error;
    }
  }

  private gate(orgId: number): RequestGate {
    let gate = this.gates.get(orgId);
    if (!gate) {
      gate = new RequestGate(this.settings.maxConcurrency);
      this.gates.set(orgId, gate);
    }
    return gate;
  }

  private async callWithRetries(spec: CallSpec): Promise<HttpAnswer> {
    const policy = this.settings.retry;
    const idempotent = spec.method !== "POST";
    const gate = this.gate(spec.orgId);
    let startedAt: number | undefined;
    // Failures that count against `retries`. A 429 that says when to come back (Retry-After)
    // is the server pacing us, not a failure: only the time budget bounds those.
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      const outcome = await gate.run(() => {
        // The budget starts with the first attempt that gets a slot; an attempt never outlives it.
        startedAt ??= Date.now();
        const left = startedAt + policy.maxElapsedMs - Date.now();
        return this.send(spec, Math.max(1, Math.min(this.settings.timeoutMs, left)));
      });
      const fits = (delay: number): boolean => withinBudget(startedAt ?? Date.now(), delay, policy);
      if (outcome instanceof OpenSolarNetworkError) {
        failures += 1;
        const retriesLeft = failures <= policy.retries;
        const safeToRepeat = idempotent || !outcome.maybeProcessed;
        const delay = retryDelayMs(attempt, policy, undefined);
        if (safeToRepeat && retriesLeft && fits(delay)) {
          await this.pause(spec, attempt, delay, outcome.reason);
          continue;
        }
        throw outcome;
      }
      const { status } = outcome;
      if ((status >= 200 && status < 300) || spec.expected.includes(status)) return outcome;
      const retryAfter = outcome.retryAfter;
      const error = errorFromResponse({
        ...spec,
        status,
        data: outcome.data,
        retryAfter,
        contentType: outcome.contentType,
        bodyLength: outcome.bodyLength,
        location: outcome.location,
      });
      // 429 means "not processed", so even a POST may go again; other statuses only for
      // idempotent calls.
      const retryable = policy.statusCodes.includes(status) && (idempotent || status === 429);
      const delay = retryDelayMs(attempt, policy, retryAfter);
      const paced = status === 429 && parseRetryAfter(retryAfter) !== undefined;
      if (paced) gate.pauseFor(delay);
      else failures += 1;
      const retriesLeft = failures <= policy.retries;
      if (retryable && retriesLeft && fits(delay)) {
        await this.pause(spec, attempt, delay, `HTTP ${status}`);
        continue;
      }
      throw error;
    }
  }

  /** One attempt, ended by `deadlineMs` whatever the server does (trickling included). */
  private async send(spec: CallSpec, deadlineMs: number): Promise<SentAnswer | OpenSolarNetworkError> {
    clientStats.requests++;
    const description: RequestDescription = { method: spec.method, path: spec.path };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), deadlineMs);
    let response: AxiosResponse<unknown>;
    try {
      response = await this.transport().request({
        method: spec.method,
        url: spec.path,
        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headers: { Authorization: `Bearer ${this.token}` },
        signal: abort.signal,
      });
    } catch (error) {
      // Axios errors carry the request config, Authorization header included: keep only the code.
      const code = abort.signal.aborted ? "DEADLINE" : ((error as { code?: string }).code ?? "unknown error");
      debug(`${spec.method} ${spec.path} -> ${code}`);
      return new OpenSolarNetworkError(description, describeNetworkCode(code, deadlineMs), !NOT_SENT_CODES.has(code));
    } finally {
      clearTimeout(timer);
    }
    debug(`${spec.method} ${spec.path} -> ${response.status}`);
    const text = typeof response.data === "string" ? response.data : "";
    return {
      status: response.status,
      data: parseBody(response.data),
      retryAfter: headerText(response.headers["retry-after"]),
      contentType: headerText(response.headers["content-type"]),
      bodyLength: Buffer.byteLength(text),
      location: headerText(response.headers["location"]),
    };
  }

  private async pause(spec: CallSpec, attempt: number, delayMs: number, why: string): Promise<void> {
    clientStats.retries++;
    debug(`${spec.method} ${spec.path}: ${why}, retry ${attempt} in ${delayMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }

  /**
   * A DRF `next` link as a path on our base URL, or undefined at the end. A link that leaves
   * the host, points at another list, or repeats a page is
   * a broken answer: an error, never a silently short or foreign list.
   */
  private nextPage(
    request: RequestDescription,
    next: string | undefined,
    first: string,
    seen: ReadonlySet<string>,
    what: string,
  ): string | undefined {
    if (!next) return undefined;
    let url: URL;
    try {
      url = new URL(next, this.settings.baseUrl);
    } catch {
      throw new OpenSolarResponseError(request, "its `next` page link is not a URL");
    }
    const base = new URL(this.settings.baseUrl);
    if (url.origin !== base.origin) {
      throw new OpenSolarResponseError(request, "its `next` page link points at another host, which is never followed");
    }
    const basePath = base.pathname.replace(/\/+$/, "");
    const pathname = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    if (pathname !== first) {
      throw new OpenSolarResponseError(request, `its \`next\` page link points at another list than ${what}`);
    }
    const path = `${pathname}${url.search}`;
    if (seen.has(path)) throw new OpenSolarResponseError(request, "its `next` page link repeats a page already read");
    return path;
  }
}

function headerText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function parseBody(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function describeNetworkCode(code: string, deadlineMs: number): string {
  switch (code) {
    case "DEADLINE":
      return `no complete answer within ${deadlineMs} ms`;
    case "ETIMEDOUT":
    case "ECONNABORTED":
      return "timed out";
    case "ECONNRESET":
      return "connection reset";
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    default:
      return code;
  }
}
