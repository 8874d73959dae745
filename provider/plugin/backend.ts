// The plugin's one door into the provider's modules: every other file of provider/plugin/
// imports from here, so moving those modules changes these import lines and nothing else.

import * as webhookSecretImplementation from "../webhook-secret/operations";
import { configurableWebhookOperations } from "../webhook/operations";

// Each provider instance (default or explicit) runs in its own plugin process, configured
// by its own Configure: one set of operations per process.
const webhookImplementation = configurableWebhookOperations();

export { webhookImplementation, webhookSecretImplementation };
export { ownerKeyOf } from "../webhook/owner-marker";
export { CONFIG_KEYS, DEFAULT_BASE_URL, resolveSettings, type ConfigSource } from "../core/settings";
export { isOpenSolarError, OpenSolarError, OpenSolarInputError, type OpenSolarErrorCode } from "../core/errors";
export { knownSecrets, registerSecret } from "../core/log";
export { redact } from "../core/redact";
export { UNKNOWN, containsUnknown, isUnknown } from "../core/unknown";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../webhook/defaults";
export { DEFAULT_SECRET_HEADER } from "../../receiver/secret";
export { PACKAGE_VERSION } from "../core/version";
export { fieldSpec, FIELD_NAMES, OUTPUT_FIELDS, type FieldType } from "../webhook/fields";
export { SECRET_INPUT_FIELDS, SECRET_INPUT_NAMES, SECRET_OUTPUT_FIELDS } from "../webhook-secret/fields";
