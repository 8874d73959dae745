import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareLocalReceiverStack } from "./program";

// The example as a Pulumi program: copy this folder's files into a TypeScript Pulumi project
// (`pulumi new typescript`, then `npm install pulumi-opensolar`) and run `pulumi up` there,
// with the receiver (local-receiver.ts) running. The e2e tests do exactly that
// (test/e2e/cli-examples.test.ts).
//
// Stack configuration, besides the provider's (opensolar:apiToken, opensolar:orgId, opensolar:baseUrl):
//   receiverUrl         where the running receiver listens (default http://127.0.0.1:8787/opensolar)
//   receiverConfigFile  the file it reads its accepted secrets from (default opensolar-receiver.json in the temp folder)
//   secretRotation      change it to rotate the shared secret (default "1")

const config = new pulumi.Config();
const { secret, receiver, webhook } = declareLocalReceiverStack({
  receiverUrl: config.get("receiverUrl") ?? "http://127.0.0.1:8787/opensolar",
  configFile: config.get("receiverConfigFile") ?? path.join(os.tmpdir(), "opensolar-receiver.json"),
  rotation: config.get("secretRotation") ?? "1",
  triggerFields: ["project.stage"],
  payloadFields: ["project.id", "project.stage", "project.address"],
});

export const webhookId = webhook.webhookId;
export const endpoint = webhook.endpoint;
export const receiverUrl = receiver.url;
export const headerName = secret.headerName;
