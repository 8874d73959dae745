import * as fs from "node:fs";

// What a deployment of the local receiver consists of: the secrets it accepts. The Pulumi
// program writes this file (that is the "deploy"); the running receiver reads it on every
// request, as a cloud function reads its environment after a deploy.

export interface ReceiverConfig {
  readonly headerName: string;
  /** `[current, previous?]`, as `WebhookSecret.acceptedSecrets` gives them. */
  readonly acceptedSecrets: readonly [current: string, previous?: string];
}

/** The deployed config; undefined when there is none yet, or it is not one (never half a file: see below). */
export function readReceiverConfig(file: string): ReceiverConfig | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  return isReceiverConfig(parsed) ? parsed : undefined;
}

/** Written whole and renamed into place, so a reader never sees half a file. */
export function writeReceiverConfig(file: string, config: ReceiverConfig): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(config), { mode: 0o600 });
  fs.renameSync(partial, file);
}

// A config the receiver cannot use must read as "not deployed" (503), not crash the server.
function isReceiverConfig(value: unknown): value is ReceiverConfig {
  if (typeof value !== "object" || value === null) return false;
  const { headerName, acceptedSecrets } = value as Record<string, unknown>;
  return (
    typeof headerName === "string" &&
    headerName !== "" &&
    Array.isArray(acceptedSecrets) &&
    acceptedSecrets.length >= 1 &&
    acceptedSecrets.length <= 2 &&
    acceptedSecrets.every((secret) => typeof secret === "string" && secret !== "")
  );
}
