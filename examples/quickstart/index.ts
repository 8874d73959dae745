import * as pulumi from "@pulumi/pulumi";
import { OpenSolarWebhook } from "pulumi-opensolar";

// The quickstart: one OpenSolar webhook, declared from stack configuration. The root
// Pulumi.yaml runs it with `pulumi up` (the Node.js language host: ts-node with this
// folder's tsconfig.json); `npm run demo` does the same against the simulator. In this
// checkout `pulumi-opensolar` is the package itself (built into dist/).
//
// Resources at the top level and outputs as named exports, as in any Pulumi program: for a
// CommonJS program the Node.js runtime calls the module's export only when the export is
// itself a function (`export =`), so an `export default function` would never run.
//
// Stack configuration:
//   opensolar:apiToken (secret), opensolar:orgId, opensolar:baseUrl (optional): read by the provider
//   endpoint       the https URL OpenSolar posts events to
//   receiverToken  (secret) sent as `Authorization: Bearer <token>` with every event, so the
//                  receiver can tell OpenSolar's deliveries from anyone else's
//   triggerFields  (optional) the field paths whose changes fire the webhook

const DEFAULT_TRIGGERS = ["project.stage", "project.system_sold", "contact.*"];
const PAYLOAD = ["project.id", "project.identifier", "project.address", "project.stage", "contact.email"];

const config = new pulumi.Config();
const webhook = new OpenSolarWebhook("crm-sync", {
  endpoint: config.require("endpoint"),
  headers: { Authorization: pulumi.interpolate`Bearer ${config.requireSecret("receiverToken")}` },
  triggerFields: config.getObject<string[]>("triggerFields") ?? DEFAULT_TRIGGERS,
  payloadFields: PAYLOAD,
});

export const webhookId = webhook.webhookId;
export const orgId = webhook.orgId;
export const endpoint = webhook.endpoint;
export const triggerFields = webhook.triggerFields;
