import * as pulumi from "@pulumi/pulumi";
import * as opensolar from "@pulumi-opensolar/sdk";

// The native provider's Webhook through the SDK generated from its schema: the SDK marks
// `headers` secret itself, so a plain string would not land in state in clear text either.
const config = new pulumi.Config();

const webhook = new opensolar.Webhook("crm-sync", {
  endpoint: config.get("endpoint") ?? "https://crm.example.com/hooks/opensolar",
  headers: { "X-OpenSolar-Webhook-Secret": config.requireSecret("webhookSecret") },
  triggerFields: ["project.stage", "project.system_sold", "contact.*"],
  payloadFields: ["project.id", "project.identifier", "project.stage", "contact.email"],
});

export const webhookId = webhook.webhookId;
export const webhookUrl = webhook.url;
export const orgId = webhook.orgId;
