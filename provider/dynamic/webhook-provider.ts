import { providerLoadedFrom, selfInstallingProvider } from "../core/lazy-provider";

/**
 * The dynamic provider behind `OpenSolarWebhook`, exported to drive it directly (tests,
 * tools) without configuring it first.
 */
export const webhookProvider = providerLoadedFrom("pulumi-opensolar/internal/webhook-provider");

/** What `OpenSolarWebhook` hands to Pulumi: a stub of about 1 KB in every resource's state (see lazy-provider.ts). */
export const webhookStub = selfInstallingProvider("pulumi-opensolar/internal/webhook-provider");
