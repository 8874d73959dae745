import * as pulumi from "@pulumi/pulumi";
import { OpenSolarWebhook } from "pulumi-opensolar";

// The quickstart: one OpenSolar webhook, declared from stack configuration. The root
// Pulumi.yaml runs it with `pulumi up`; `npm run demo` runs it against the simulator. In
// this checkout `pulumi-opensolar` is the package itself (built into dist/).
//
// Stack configuration:
//   opensolar:apiToken (secret), opensolar:orgId, opensolar:baseUrl (optional): read by the provider
//   endpoint       the https URL OpenSolar posts events to
//   receiverToken  (secret) sent as `Authorization: Bearer <token>` with every event, so the
//                  receiver can tell OpenSolar's deliveries from anyone else's
//   triggerFields  (optional) the field paths whose changes fire the webhook

const DEFAULT_TRIGGERS = ["project.stage", "project.system_sold", "contact.*"];
const PAYLOAD = ["project.id", "project.identifier", "project.address", "project.stage", "contact.email"];

export default async function quickstart(): Promise<Record<string, pulumi.Output<unknown>>> {
  const config = new pulumi.Config();
  const webhook = new OpenSolarWebhook("crm-sync", {
    endpoint: config.require("endpoint"),
    headers: { Authorization: pulumi.interpolate`Bearer ${config.requireSecret("receiverToken")}` },
    triggerFields: config.getObject<string[]>("triggerFields") ?? DEFAULT_TRIGGERS,
    payloadFields: PAYLOAD,
  });
  return {
    webhookId: webhook.webhookId,
    orgId: webhook.orgId,
    endpoint: webhook.endpoint,
    triggerFields: webhook.triggerFields,
  };
}
