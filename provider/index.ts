// The public surface of `pulumi-opensolar`. Receiver helpers live in
// `pulumi-opensolar/receiver`, the local OpenSolar simulator in `pulumi-opensolar/simulator`.

export { OpenSolarWebhook, type OpenSolarWebhookArgs } from "./webhook";
export { webhookProvider } from "./webhook-provider";
export { WebhookSecret, type WebhookSecretArgs } from "./webhook-secret";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
export { FIELD_MODELS, type FieldModel } from "./fields";
export type { DeleteBehavior, WebhookInputs, CheckFailure } from "./inputs";
export type { WebhookOutputs } from "./outputs";
export { CONFIG_KEYS, ENV_KEYS, DEFAULT_BASE_URL } from "./settings";
export type { RetryPolicy } from "./retry";
export {
  OpenSolarError,
  OpenSolarConfigurationError,
  OpenSolarInputError,
  OpenSolarHttpError,
  OpenSolarNetworkError,
  OpenSolarResponseError,
  isOpenSolarError,
  type OpenSolarErrorCode,
} from "./errors";
