import { OpenSolarResponseError, type RequestDescription } from "../core/errors";
import { OpenSolarHttpClient } from "../core/http-client";
import type { ProviderSettings } from "../core/settings";
import { parseApiWebhook, parseListedKey, WEBHOOK_VOCABULARY, type ApiWebhook, type WebhookWriteBody } from "./wire";

const resource = WEBHOOK_VOCABULARY;

// OpenSolar's webhook calls, on the shared transport (core/http-client.ts): paths, bodies
// and answers in the webhook's wire format (wire.ts).

export class OpenSolarClient {
  private readonly http: OpenSolarHttpClient;

  constructor(settings: ProviderSettings) {
    this.http = new OpenSolarHttpClient(settings);
  }

  async listWebhooks(orgId: number): Promise<ApiWebhook[]> {
    const pages = await this.http.listAll(orgId, webhooksPath(orgId), "this org's webhooks", resource);
    return pages.map(({ request, item }) => webhookFrom(request, item));
  }

  /**
   * The org's webhooks, each with what a listing is searched by (its id, its header names)
   * read at once and the rest parsed when asked for: a refresh wave asks for a few of the
   * org's webhooks, not all (directory.ts).
   */
  async listWebhooksLazily(orgId: number): Promise<ListedWebhook[]> {
    const pages = await this.http.listAll(orgId, webhooksPath(orgId), "this org's webhooks", resource);
    return pages.map(({ request, item }) => listedWebhook(request, item));
  }

  /** The webhook, or undefined when OpenSolar answers 404 (or does not offer GET by id). */
  async getWebhook(orgId: number, id: number): Promise<ApiWebhook | undefined> {
    const answer = await this.readWebhook(orgId, id);
    return "webhook" in answer ? answer.webhook : undefined;
  }

  /** GET by id, telling "no such webhook" (404) from "no GET by id here" (405). */
  async readWebhook(orgId: number, id: number): Promise<{ webhook: ApiWebhook } | { status: 404 | 405 }> {
    const request = { method: "GET", path: webhookPath(orgId, id), orgId, resource, expected: [404, 405] } as const;
    const answer = await this.http.call(request);
    if (answer.status === 404 || answer.status === 405) return { status: answer.status };
    return { webhook: webhookFrom(request, answer.data) };
  }

  async createWebhook(orgId: number, body: WebhookWriteBody): Promise<ApiWebhook> {
    const request = { method: "POST", path: webhooksPath(orgId), orgId, resource, body, secrets: headerValuesOf(body), expected: [] } as const;
    return webhookFrom(request, (await this.http.call(request)).data);
  }

  async updateWebhook(orgId: number, id: number, body: WebhookWriteBody): Promise<ApiWebhook> {
    const request = { method: "PATCH", path: webhookPath(orgId, id), orgId, resource, body, secrets: headerValuesOf(body), expected: [] } as const;
    return webhookFrom(request, (await this.http.call(request)).data);
  }

  /** "gone" for 404 (already deleted), "not_allowed" for 405 (the API offers no DELETE). */
  async deleteWebhook(orgId: number, id: number): Promise<"deleted" | "gone" | "not_allowed"> {
    const answer = await this.http.call({ method: "DELETE", path: webhookPath(orgId, id), orgId, resource, expected: [404, 405] });
    if (answer.status === 404) return "gone";
    if (answer.status === 405) return "not_allowed";
    return "deleted";
  }
}

export function webhooksPath(orgId: number): string {
  return `/api/orgs/${orgId}/webhooks/`;
}

export function webhookPath(orgId: number, id: number): string {
  return `/api/orgs/${orgId}/webhooks/${id}/`;
}

/** A webhook of a listing: its id and header names read, the whole of it parsed once, when asked for. */
export interface ListedWebhook {
  readonly id: number;
  readonly headerNames: readonly string[];
  /** The webhook, parsed; a body this provider cannot use throws, naming the listing's call. */
  webhook(): ApiWebhook;
}

function listedWebhook(request: RequestDescription, body: unknown): ListedWebhook {
  const key = parseListedKey(body);
  if (!key.ok) throw new OpenSolarResponseError(request, key.problem);
  let parsed: ApiWebhook | undefined;
  return { ...key.value, webhook: () => (parsed ??= webhookFrom(request, body)) };
}

function webhookFrom(request: RequestDescription, body: unknown): ApiWebhook {
  const parsed = parseApiWebhook(body);
  if (!parsed.ok) throw new OpenSolarResponseError(request, parsed.problem);
  return parsed.value;
}

/** The header values a write body carries: secrets to scrub from any error. */
function headerValuesOf(body: WebhookWriteBody): string[] {
  if (body.headers === undefined) return [];
  try {
    return Object.values(JSON.parse(body.headers) as Record<string, string>);
  } catch {
    return [];
  }
}
