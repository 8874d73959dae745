// The one door from the command line tools into the provider's modules: the HTTP client
// and its settings, the error family, the ownership marker. Nothing else under cli/
// imports provider/ directly, so moving provider files touches only these lines.

export { OpenSolarClient } from "../provider/webhook/client";
export { resolveSettings, ENV_KEYS, type ProviderSettings } from "../provider/core/settings";
export { OpenSolarError, isOpenSolarError } from "../provider/core/errors";
export { isOwnerHeaderName } from "../provider/webhook/owner-marker";
export { redact } from "../provider/core/redact";
export type { ApiWebhook } from "../provider/webhook/wire";
