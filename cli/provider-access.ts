// The one door from the command line tools into the provider's modules: the HTTP client
// and its settings, the error family, the ownership marker. Nothing else under cli/
// imports provider/ directly, so moving provider files touches only these lines.

export { OpenSolarClient } from "../provider/client";
export { resolveSettings, ENV_KEYS, type ProviderSettings } from "../provider/settings";
export { OpenSolarError, isOpenSolarError } from "../provider/errors";
export { isOwnerHeaderName } from "../provider/owner-marker";
export { redact } from "../provider/redact";
export type { ApiWebhook } from "../provider/wire";
