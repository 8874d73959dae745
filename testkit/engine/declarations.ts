import type { WebhookDeclaration } from "../driver/protocol";

// Webhook declarations the e2e tests start from: realistic values, each test changes what
// it is about.

export const RECEIVER_URL = "https://receiver.example.com/opensolar/events";
export const HEADER_VALUE = "hook-secret-3b91f0e7c2";

export const TRIGGER_FIELDS = ["project.stage", "project.system_sold", "contact.*"] as const;
export const PAYLOAD_FIELDS = ["project.id", "project.stage", "project.address", "contact.email"] as const;

export function webhookDeclaration(name: string, overrides: Partial<WebhookDeclaration> = {}): WebhookDeclaration {
  return {
    name,
    endpoint: RECEIVER_URL,
    headers: { Authorization: `Bearer ${HEADER_VALUE}` },
    triggerFields: TRIGGER_FIELDS,
    payloadFields: PAYLOAD_FIELDS,
    ...overrides,
  };
}
