// Checks that secrets stay secret: how Pulumi marks an encrypted value in state, and
// where a plain-text copy of a secret would show.

/** The key Pulumi gives every secret object in state, and its value. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** True for a secret as a stack export without --show-secrets holds it: signed, ciphertext only. */
export function isEncryptedSecret(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE &&
    typeof record["ciphertext"] === "string" &&
    record["ciphertext"] !== "" &&
    !("plaintext" in record)
  );
}

/** The secrets that occur in `text`, also JSON-escaped or base64-encoded. */
export function secretsIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) =>
    [secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString("base64")].some((form) => text.includes(form)),
  );
}
