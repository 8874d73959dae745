import { redact } from "./redact";

// Debug logging of the provider process, on with OPENSOLAR_DEBUG=1 (or opensolar:debug).
// Lines go to stderr, which the Pulumi engine keeps in its verbose log. Callers pass only
// methods, paths, statuses and counts; every line is still scrubbed of known secrets.

let enabled = process.env["OPENSOLAR_DEBUG"] === "1" || process.env["OPENSOLAR_DEBUG"] === "true";
const secrets = new Set<string>();

export function setDebugLogging(on: boolean): void {
  enabled = on;
}

/** Remembers a value that must never be printed (token, header values). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 3) secrets.add(value);
}

export function knownSecrets(): Iterable<string> {
  return secrets;
}

export function debug(message: string): void {
  if (!enabled) return;
  process.stderr.write(`pulumi-opensolar debug: ${redact(message, secrets)}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`warning: pulumi-opensolar: ${redact(message, secrets)}\n`);
}
