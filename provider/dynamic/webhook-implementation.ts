import type * as pulumi from "@pulumi/pulumi";
import { resolveSettings, type ConfigSource } from "../core/settings";
import { webhookOperations } from "../webhook/operations";

// What the serialized stub of `OpenSolarWebhook` loads by package name
// (`pulumi-opensolar/internal/webhook-provider`, see webhook-provider.ts), so the code that
// refresh and destroy run is always the installed version. Settings: the stack config that
// `configure()` hands over, then the environment.

let stackConfig: ConfigSource | undefined;
const operations = webhookOperations(() => resolveSettings(stackConfig));

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = request.config;
}

export const { check, diff, create, read, update } = operations;
const deleteWebhook = operations.delete;
export { deleteWebhook as delete };
