import * as fs from "node:fs";
import * as path from "node:path";
import { filesUnder } from "../../../testkit/engine/files-under";
import { encodedForms } from "../../../testkit/engine/leak-scan";
import { isEncryptedSecret } from "./secrets";

// The files a file backend (`PULUMI_BACKEND_URL=file://…`) keeps for a stack, read from disk
// as an attacker with the folder would: the checkpoint, its .bak, the history (one checkpoint
// and one record per update) and the backups. `pulumi stack export` proves nothing here: the
// Automation API passes --show-secrets, and the CLI decrypts what it prints.

export interface StackStateFiles {
  /** `.pulumi/stacks/<project>/<stack>.json`: the current checkpoint. */
  readonly checkpoint: string;
  /** `<stack>.json.bak`: the checkpoint before the last write. */
  readonly backup: string;
  /** `.pulumi/history/<project>/<stack>/*.checkpoint.json`, one per update. */
  readonly historyCheckpoints: readonly string[];
  /** `.pulumi/history/<project>/<stack>/*.history.json`, one per update. */
  readonly historyRecords: readonly string[];
  /** `.pulumi/backups/<project>/<stack>/*.json`. */
  readonly backups: readonly string[];
  /** Every file of the backend (these and the rest: meta.yaml, the .attrs). */
  readonly all: readonly string[];
}

export function stackStateFiles(backendDir: string, project: string, stack: string): StackStateFiles {
  const root = path.join(backendDir, ".pulumi");
  const history = filesUnder(path.join(root, "history", project, stack));
  const checkpoint = path.join(root, "stacks", project, `${stack}.json`);
  return {
    checkpoint,
    backup: `${checkpoint}.bak`,
    historyCheckpoints: history.filter((file) => file.endsWith(".checkpoint.json")),
    historyRecords: history.filter((file) => file.endsWith(".history.json")),
    backups: filesUnder(path.join(root, "backups", project, stack)).filter((file) => file.endsWith(".json")),
    all: filesUnder(root),
  };
}

/**
 * "<file>: <label>" for each secret found in a file in plain text (as is, JSON-escaped,
 * URL-encoded or base64); the secret itself is never part of the answer.
 */
export function plainTextSecrets(files: readonly string[], secrets: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const file of files) {
    const content = fs.readFileSync(file, "utf8");
    for (const [label, secret] of Object.entries(secrets)) {
      if (encodedForms(secret).some((form) => content.includes(form))) found.push(`${file}: ${label}`);
    }
  }
  return found;
}

/** A resource of a checkpoint file, as the backend wrote it. */
export interface CheckpointResource {
  readonly urn: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

export function checkpointResources(file: string): CheckpointResource[] {
  const checkpoint = JSON.parse(fs.readFileSync(file, "utf8")) as { checkpoint?: { latest?: { resources?: CheckpointResource[] } } };
  return checkpoint.checkpoint?.latest?.resources ?? [];
}

/** The one resource of `type` in the checkpoint file; throws when there is none or several. */
export function checkpointResource(file: string, type: string): CheckpointResource {
  const matching = checkpointResources(file).filter((resource) => resource.type === type);
  const [resource, ...others] = matching;
  if (!resource || others.length > 0) throw new Error(`e2e: ${file} holds ${matching.length} resources of type ${type}, not one.`);
  return resource;
}

/**
 * In each checkpoint (current, .bak, history), the webhook's headers (inputs and outputs)
 * and the provider's token are not absent but encrypted: ciphertext.
 */
export function expectSecretsEncrypted(files: { checkpoint: string; backup: string; historyCheckpoints: readonly string[] }, webhookType: string): void {
  for (const file of [files.checkpoint, files.backup, ...files.historyCheckpoints]) {
    const webhook = checkpointResource(file, webhookType);
    expect({ file, inputs: isEncryptedSecret(webhook.inputs?.["headers"]), outputs: isEncryptedSecret(webhook.outputs?.["headers"]) }).toEqual({ file, inputs: true, outputs: true });
    const provider = checkpointResource(file, "pulumi:providers:opensolar");
    expect({ file, apiToken: isEncryptedSecret(provider.inputs?.["apiToken"]) }).toEqual({ file, apiToken: true });
  }
}
