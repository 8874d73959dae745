import type { StoredWebhook } from "./types";
import type { WebhookRecord } from "./webhook-store";

export const MASK = "********";

export function orgUrl(baseUrl: string, orgId: number): string {
  return `${baseUrl}/api/orgs/${orgId}/`;
}

export function webhookUrl(baseUrl: string, orgId: number, id: number): string {
  return `${orgUrl(baseUrl, orgId)}webhooks/${id}/`;
}

/** The webhook as the API shows it, with DRF-style `url` and `org` links. */
export function representWebhook(webhook: WebhookRecord, baseUrl: string, maskHeaderValues: boolean): StoredWebhook {
  return {
    id: webhook.id,
    url: webhookUrl(baseUrl, webhook.orgId, webhook.id),
    org: orgUrl(baseUrl, webhook.orgId),
    endpoint: webhook.endpoint,
    headers: maskHeaderValues ? maskHeaders(webhook.headers) : webhook.headers,
    enabled: webhook.enabled,
    debug: webhook.debug,
    trigger_fields: webhook.trigger_fields === null ? null : [...webhook.trigger_fields],
    payload_fields: webhook.payload_fields === null ? null : [...webhook.payload_fields],
    created_date: webhook.created_date,
    modified_date: webhook.modified_date,
  };
}

/**
 * Keeps the header names and hides every value. Text that is not a JSON object (only
 * possible through out-of-band edits) is hidden whole, since it may hold a secret.
 */
export function maskHeaders(headers: string): string {
  if (headers.trim() === "") return headers;
  let parsed: unknown;
  try {
    parsed = JSON.parse(headers);
  } catch {
    return MASK;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return MASK;
  return JSON.stringify(Object.fromEntries(Object.keys(parsed).map((name) => [name, MASK])));
}
