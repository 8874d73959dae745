// The plugin's one door into the provider's modules: every other file of provider/plugin/
// imports from here, so moving those modules changes these import lines and nothing else.

import * as webhookImplementation from "../implementation";
import * as webhookSecretImplementation from "../webhook-secret-implementation";

export { webhookImplementation, webhookSecretImplementation };
export { compareWebhook } from "../diff";
export { comparableRecord } from "../outputs";
export type { WebhookOutputs } from "../outputs";
export { ownerKeyOf } from "../owner-marker";
export { CONFIG_KEYS, DEFAULT_BASE_URL, resolveSettings, type ConfigSource } from "../settings";
export { isOpenSolarError, OpenSolarError, OpenSolarInputError, type OpenSolarErrorCode } from "../errors";
export { knownSecrets, registerSecret } from "../log";
export { redact } from "../redact";
export { UNKNOWN, containsUnknown, isUnknown } from "../unknown";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../defaults";
export { DEFAULT_SECRET_HEADER } from "../../receiver/secret";
export { PACKAGE_VERSION } from "../version";
