import { providerLoadedFrom } from "../core/lazy-provider";

/**
 * The dynamic provider behind `OpenSolarWebhook`, exported to drive it directly (tests,
 * tools). What Pulumi stores of it in state is a stub of about 2.5 KB (see lazy-provider.ts).
 */
export const webhookProvider = providerLoadedFrom("pulumi-opensolar/internal/webhook-provider");
