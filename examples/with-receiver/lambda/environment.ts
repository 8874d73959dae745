// The Lambda's environment: the program sets these variables and the handler reads them,
// so both import the names from here.

/** A JSON array of the secrets the receiver accepts: `[current]`, or `[current, previous]` while rotating. */
export const SECRETS_VARIABLE = "OPENSOLAR_WEBHOOK_SECRETS";

/** The header that carries the secret (the `WebhookSecret`'s `headerName`). */
export const HEADER_NAME_VARIABLE = "OPENSOLAR_WEBHOOK_HEADER";
