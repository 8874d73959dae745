import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import {
  errorFromResponse,

  OpenSolarNetworkError,
  OpenSolarResponseError,
  type RequestDescription,
} from "./errors";
import { debug, knownSecrets, registerSecret } from "./log";
import { redactError } from "./redact";
import { retryDelayMs, withinBudget } from "./retry";
import { requireToken, type ProviderSettings } from "./settings";
import { USER_AGENT } from "./version";
import { parseApiWebhook, parseListPage, type ApiWebhook, type WebhookWriteBody } from "./wire";

// The OpenSolar webhooks API over HTTP. Idempotent calls (GET, PATCH, DELETE) retry on
// network errors and retryable statuses with backoff; POST is sent once, except when the
// server certainly did not act (connection refused, 429), because a lost answer may hide a
// webhook that was created: deciding that is the caller's job (see create-webhook.ts).

interface Answer {
  readonly status: number;
  readonly data: unknown;
}

interface CallSpec {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  readonly orgId: number;
  readonly body?: WebhookWriteBody;
  /** Statuses handed back to the caller instead of thrown. */
  readonly expected: readonly number[];
}

/** Counters for benchmarks and the fault campaign; never holds request content. */
export const clientStats = { requests: 0, retries: 0 };

// Network failures after which the server cannot have processed the request.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

export class OpenSolarClient {
  private readonly http: AxiosInstance;
  private readonly token: string;

  constructor(private readonly settings: ProviderSettings) {
    this.token = requireToken(settings);
    registerSecret(this.token);
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      maxRedirects: 0,
      responseType: "text",
      // Parse ourselves: a non-JSON answer must become a clear error, not a string in state.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
      headers: {
        "User-Agent": USER_AGENT,
        Accept: "application/json",
        "Content-Type": "application/json",
      },
    });
  }

  async listWebhooks(orgId: number): Promise<ApiWebhook[]> {
    const webhooks: ApiWebhook[] = [];
    let path: string | undefined = webhooksPath(orgId);
    for (let page = 0; path !== undefined && page < 1000; page++) {
      const request = { method: "GET", path, orgId, expected: [] } as const;
      const answer = await this.call(request);
      const parsed = parseListPage(answer.data);
      if (!parsed.ok) throw new OpenSolarResponseError(request, parsed.problem);
      for (const item of parsed.value.items) webhooks.push(this.webhookFrom(request, item));
      path = this.followable(parsed.value.next);
    }
    return webhooks;
  }

  /** The webhook, or undefined when OpenSolar answers 404 (or does not offer GET by id). */
  async getWebhook(orgId: number, id: number): Promise<ApiWebhook | undefined> {
    const request = { method: "GET", path: webhookPath(orgId, id), orgId, expected: [404, 405] } as const;
    const answer = await this.call(request);
    if (answer.status === 404 || answer.status === 405) return undefined;
    return this.webhookFrom(request, answer.data);
  }

  async createWebhook(orgId: number, body: WebhookWriteBody): Promise<ApiWebhook> {
    const request = { method: "POST", path: webhooksPath(orgId), orgId, body, expected: [] } as const;
    const answer = await this.call(request);
    return this.webhookFrom(request, answer.data);
  }

  async updateWebhook(orgId: number, id: number, body: WebhookWriteBody): Promise<ApiWebhook> {
    const request = { method: "PATCH", path: webhookPath(orgId, id), orgId, body, expected: [] } as const;
    const answer = await this.call(request);
    return this.webhookFrom(request, answer.data);
  }

  /** "gone" for 404 (already deleted), "not_allowed" for 405 (the API offers no DELETE). */
  async deleteWebhook(orgId: number, id: number): Promise<"deleted" | "gone" | "not_allowed"> {
    const answer = await this.call({ method: "DELETE", path: webhookPath(orgId, id), orgId, expected: [404, 405] });
    if (answer.status === 404) return "gone";
    if (answer.status === 405) return "not_allowed";
    return "deleted";
  }

  private async call(spec: CallSpec): Promise<Answer> {
    const secrets = [this.token, ...headerValuesOf(spec.body), ...knownSecrets()];
    try {
      return await this.callWithRetries(spec);
    } catch (error) {
      throw error instanceof Error ? redactError(error, secrets) : error;
    }
  }

  private async callWithRetries(spec: CallSpec): Promise<Answer> {
    const policy = this.settings.retry;
    const idempotent = spec.method !== "POST";
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.send(spec);
      const retriesLeft = attempt <= policy.retries;
      if (outcome instanceof OpenSolarNetworkError) {
        const safeToRepeat = idempotent || !outcome.maybeProcessed;
        const delay = retryDelayMs(attempt, policy, undefined);
        if (safeToRepeat && retriesLeft && withinBudget(startedAt, delay, policy)) {
          await this.pause(spec, attempt, delay, outcome.reason);
          continue;
        }
        throw outcome;
      }
      const { status } = outcome;
      if ((status >= 200 && status < 300) || spec.expected.includes(status)) return outcome;
      const retryAfter = outcome.retryAfter;
      const error = errorFromResponse({ ...spec, status, data: outcome.data, retryAfter });
      // 429 means "not processed", so even a POST may go again; other statuses only for
      // idempotent calls.
      const retryable = policy.statusCodes.includes(status) && (idempotent || status === 429);
      const delay = retryDelayMs(attempt, policy, retryAfter);
      if (retryable && retriesLeft && withinBudget(startedAt, delay, policy)) {
        await this.pause(spec, attempt, delay, `HTTP ${status}`);
        continue;
      }
      throw error;
    }
  }

  private async send(spec: CallSpec): Promise<(Answer & { retryAfter: string | undefined }) | OpenSolarNetworkError> {
    clientStats.requests++;
    const description: RequestDescription = { method: spec.method, path: spec.path };
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.request({
        method: spec.method,
        url: spec.path,
        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headers: { Authorization: `Bearer ${this.token}` },
      });
    } catch (error) {
      // Axios errors carry the request config, Authorization header included: keep only the code.
      const code = (error as { code?: string }).code ?? "unknown error";
      debug(`${spec.method} ${spec.path} -> ${code}`);
      return new OpenSolarNetworkError(description, describeNetworkCode(code), !NOT_SENT_CODES.has(code));
    }
    debug(`${spec.method} ${spec.path} -> ${response.status}`);
    const retryAfter = response.headers["retry-after"];
    return {
      status: response.status,
      data: parseBody(response.data),
      retryAfter: typeof retryAfter === "string" ? retryAfter : undefined,
    };
  }

  private async pause(spec: CallSpec, attempt: number, delayMs: number, why: string): Promise<void> {
    clientStats.retries++;
    debug(`${spec.method} ${spec.path}: ${why}, retry ${attempt} in ${delayMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }

  private webhookFrom(request: RequestDescription, body: unknown): ApiWebhook {
    const parsed = parseApiWebhook(body);
    if (!parsed.ok) throw new OpenSolarResponseError(request, parsed.problem);
    return parsed.value;
  }

  /** A DRF `next` link, as a path on our base URL; links elsewhere are not followed. */
  private followable(next: string | undefined): string | undefined {
    if (!next) return undefined;
    const url = new URL(next, this.settings.baseUrl);
    const base = new URL(this.settings.baseUrl);
    if (url.origin !== base.origin) return undefined;
    const basePath = base.pathname.replace(/\/+$/, "");
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    return `${path}${url.search}`;
  }
}

export function webhooksPath(orgId: number): string {
  return `/api/orgs/${orgId}/webhooks/`;
}

export function webhookPath(orgId: number, id: number): string {
  return `/api/orgs/${orgId}/webhooks/${id}/`;
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

function headerValuesOf(body: WebhookWriteBody | undefined): string[] {
  if (!body?.headers) return [];
  try {
    return Object.values(JSON.parse(body.headers) as Record<string, string>);
  } catch {
    return [];
  }
}

function describeNetworkCode(code: string): string {
  switch (code) {
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

