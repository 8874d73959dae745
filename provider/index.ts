// The public surface of `pulumi-opensolar`: what a Pulumi program uses. Receiver helpers
// live in `pulumi-opensolar/receiver`, the local OpenSolar simulator in
// `pulumi-opensolar/simulator`, and the hooks to drive the provider directly (tools,
// tests) in `pulumi-opensolar/testing`.

export { OpenSolarWebhook, type OpenSolarWebhookArgs } from "./dynamic/webhook";
export { WebhookSecret, type WebhookSecretArgs } from "./dynamic/webhook-secret";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./webhook/defaults";
export { FIELD_MODELS, type FieldModel } from "./webhook/field-paths";
export type { DeleteBehavior } from "./webhook/inputs";
export { CONFIG_KEYS, ENV_KEYS, DEFAULT_BASE_URL } from "./core/settings";
export {
  OpenSolarError,
  OpenSolarConfigurationError,
  OpenSolarInputError,
  OpenSolarHttpError,
  OpenSolarNetworkError,
  OpenSolarResponseError,
  isOpenSolarError,
  type OpenSolarErrorCode,
} from "./core/errors";
