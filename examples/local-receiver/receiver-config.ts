import * as fs from "node:fs";

// What a deployment of the local receiver consists of: the secrets it accepts. The Pulumi
// program writes this file (that is the "deploy"); the running receiver reads it on every
// request, as a cloud function reads its environment after a deploy.

export interface ReceiverConfig {
  readonly headerName: string;
  /** `[current, previous?]`, as `WebhookSecret.acceptedSecrets` gives them. */
  readonly acceptedSecrets: readonly string[];
}

export function readReceiverConfig(file: string): ReceiverConfig | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as ReceiverConfig;
  } catch {
    return undefined;
  }
}

/** Written whole and renamed into place, so a reader never sees half a file. */
export function writeReceiverConfig(file: string, config: ReceiverConfig): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(config), { mode: 0o600 });
  fs.renameSync(partial, file);
}
