// What the serialized stub of `WebhookSecret` loads by package name
// (`pulumi-opensolar/internal/webhook-secret-provider`): the resource needs no settings.

export { configure, check, diff, create, read, update, delete } from "../webhook-secret/operations";
