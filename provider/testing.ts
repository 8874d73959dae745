// `pulumi-opensolar/testing`: what tools and tests use to drive the provider directly, as the
// engine would, and the internal shapes it works with. A Pulumi program needs none of it.

export { webhookProvider } from "./dynamic/webhook-provider";
export type { WebhookInputs, CheckFailure } from "./webhook/inputs";
export type { WebhookOutputs } from "./webhook/outputs";
export type { RetryPolicy } from "./core/retry";
