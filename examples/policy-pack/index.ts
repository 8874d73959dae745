import { PolicyPack, type ResourceValidationPolicy } from "@pulumi/policy";
import { httpsOnlyViolations, projectWideTriggerViolations, secretHeaderViolations, type WebhookProps } from "./webhook-rules";

// OpenSolar webhooks as a pull-request review wants them, for both ways to declare one:
//   pulumi preview --policy-pack <this folder>
// A mandatory violation fails the preview, so a PR's check goes red.

/**
 * The type tokens of an OpenSolar webhook: the native provider's resource, and the dynamic
 * `OpenSolarWebhook` (a dynamic resource named by its module and class).
 */
export const WEBHOOK_TYPES: readonly string[] = ["opensolar:index:Webhook", "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook"];

/** A mandatory policy on OpenSolar webhooks that reports each reason `rule` gives. */
function webhookPolicy(name: string, description: string, rule: (props: WebhookProps) => string[]): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (!WEBHOOK_TYPES.includes(args.type)) return;
      for (const reason of rule(args.props)) reportViolation(reason);
    },
  };
}

new PolicyPack("opensolar-webhooks", {
  policies: [
    webhookPolicy(
      "opensolar-webhook-https-only",
      "OpenSolar webhooks deliver to https endpoints only (no http, no allowInsecureEndpoint).",
      httpsOnlyViolations,
    ),
    webhookPolicy(
      "opensolar-webhook-secret-header",
      "OpenSolar webhooks send at least one header with a secret value, so receivers can verify deliveries.",
      secretHeaderViolations,
    ),
    webhookPolicy(
      "opensolar-webhook-no-project-wildcard",
      'OpenSolar webhooks do not trigger on "project.*" (every change of every project field).',
      projectWideTriggerViolations,
    ),
  ],
});
