import * as path from "node:path";
import type * as LocalReceiverProgram from "../../examples/local-receiver/program";
import type { LocalReceiverDeclaration } from "./protocol";

// The receiver and its webhook of examples/local-receiver, declared by the driver's
// program. engine/driver-build.ts transpiles that example into the `local-receiver`
// folder beside the driver, so it loads this project's @pulumi/pulumi and the packed
// pulumi-opensolar (a second copy of @pulumi/pulumi would break the runtime). It is loaded
// by path when needed; its types come from the source.

const EXAMPLE_FOLDER = "local-receiver";

/** Declares the example's resources and returns what the stack exports of them. */
export function declareLocalReceiver(declaration: LocalReceiverDeclaration): Record<string, unknown> {
  const example = require(path.join(__dirname, EXAMPLE_FOLDER, "program.js")) as typeof LocalReceiverProgram;
  const { secret, receiver, webhook } = example.declareLocalReceiverStack(declaration);
  return {
    webhookId: webhook.webhookId,
    endpoint: webhook.endpoint,
    enabled: webhook.enabled,
    receiverUrl: receiver.url,
    headerName: secret.headerName,
  };
}
