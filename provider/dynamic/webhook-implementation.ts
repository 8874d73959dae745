import { configurableWebhookOperations } from "../webhook/operations";

// What the serialized stub of `OpenSolarWebhook` loads by package name
// (`pulumi-opensolar/internal/webhook-provider`, see webhook-provider.ts), so the code that
// refresh and destroy run is always the installed version. Settings: the stack config that
// `configure()` hands over, then the environment.

const operations = configurableWebhookOperations();

export const { configure, check, diff, create, read, update } = operations;
const deleteWebhook = operations.delete;
export { deleteWebhook as delete };
