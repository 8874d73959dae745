import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareReceiverAndWebhook } from "./receiver-and-webhook";

const config = new pulumi.Config();

// `npm run build` bundles lambda/handler.ts (and the receiver helpers it imports) into this folder.
const bundle = path.join(__dirname, "lambda", "dist");
if (!fs.existsSync(path.join(bundle, "index.js"))) {
  throw new Error(`${path.join(bundle, "index.js")} is missing: run \`npm run build\` before \`pulumi up\`.`);
}

const { functionUrl, webhook } = declareReceiverAndWebhook({
  code: new pulumi.asset.AssetArchive({ ".": new pulumi.asset.FileArchive(bundle) }),
  rotation: config.get("secretRotation") ?? "initial",
  retirePrevious: config.getBoolean("retirePreviousSecret") ?? false,
});

/** The Function URL: where OpenSolar delivers. */
export const endpoint = functionUrl.functionUrl;
export const webhookId = webhook.webhookId;
