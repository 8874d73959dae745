// Secrets the provider knows (the API token, header values) must never reach a message,
// a log line or state. Everything that leaves the provider as text goes through here.

const MASK = "[redacted]";

/** Replaces every occurrence of each secret (3+ characters) in `text`. */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let result = text;
  // Longest first, so a secret that contains another is removed whole.
  const sorted = [...secrets].filter((s): s is string => typeof s === "string" && s.length >= 3);
  sorted.sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    result = result.split(secret).join(MASK);
  }
  return result;
}

/** Scrubs an error in place (message, stack and every own property, deeply) and returns it. */
export function redactError<E extends Error>(error: E, secrets: Iterable<string | undefined>): E {
  const list = [...secrets];
  error.message = redact(error.message, list);
  if (error.stack) error.stack = redact(error.stack, list);
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) fields[key] = redactValue(fields[key], list);
  return error;
}

function redactValue(value: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (typeof value === "object" && value !== null && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets)]));
  }
  return value;
}
