// Secrets the provider knows (the API token, header values) must never reach a message,
// a log line or state. Everything that leaves the provider as text goes through here.
//
// No message quotes a response body or an input value any more (errors.ts describes an
// answer instead of pasting it), so scrubbing is the second line of defence: it catches a
// secret that reaches text some other way, as it is or in the encodings a server or a
// library would apply to it (JSON strings, URLs, forms, base64, HTML).

const MASK = "[redacted]";

/**
 * Secrets shorter than this are left alone. Scrubbing "the" or "on" would mangle ordinary
 * words ("Fix [redacted] named inputs"), and it is safe because no message carries a body
 * or an input value in which such a short secret could appear.
 */
export const MIN_SECRET_LENGTH = 4;

// A base64 run shorter than this, cut out of a longer encoding, is too likely to occur in
// ordinary text (8 characters are 6 bytes of the secret).
const MIN_BASE64_CORE = 8;

/** Replaces every occurrence of each secret (4+ characters), in any of its encoded forms, in `text`. */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodedForms(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  }
  // Longest first, so a secret that contains another (or its own shorter form) goes whole.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  let result = text;
  for (const form of sorted) result = result.split(form).join(MASK);
  return result;
}

/** The secret as it is and as it looks once encoded by the usual layers. */
export function encodedForms(secret: string): string[] {
  const jsonOnce = jsonEscaped(secret);
  const forms = [
    secret,
    jsonOnce,
    jsonEscaped(jsonOnce),
    asciiJsonEscaped(secret),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    // application/x-www-form-urlencoded, as URLSearchParams (and most servers) write it.
    new URLSearchParams({ s: secret }).toString().slice(2),
    htmlEscaped(secret),
  ];
  const bytes = Buffer.from(secret, "utf8");
  for (const encoding of ["base64", "base64url"] as const) {
    forms.push(bytes.toString(encoding));
    forms.push(...base64Cores(bytes, encoding));
  }
  return forms;
}

/** What JSON.stringify puts between the quotes. */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** JSON as Python's json.dumps writes it by default: every non-ASCII character as \uXXXX. */
function asciiJsonEscaped(text: string): string {
  return jsonEscaped(text).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** As an HTML error page would quote it. */
function htmlEscaped(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * The base64 characters that encode only the secret's bytes, for each of the three byte
 * offsets at which the secret may start inside a longer encoded text ("Basic " + base64 of
 * "user:token"). The characters at either end also depend on the neighbouring bytes and are
 * left out; the run in between is the same wherever the secret sits at that offset.
 */
function base64Cores(bytes: Buffer, encoding: "base64" | "base64url"): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding).replace(/=+$/, "");
    const start = offset === 0 ? 0 : 4;
    const whole = Math.floor((offset + bytes.length) / 3) * 4;
    const core = encoded.slice(start, whole);
    if (core.length >= MIN_BASE64_CORE) cores.push(core);
  }
  return cores;
}

/** Scrubs an error in place (message, stack, cause and every own property, deeply) and returns it. */
export function redactError<E extends Error>(error: E, secrets: Iterable<string | undefined>): E {
  const list = [...secrets];
  scrubError(error, list, new Map());
  return error;
}

function scrubError(error: Error, secrets: readonly (string | undefined)[], seen: Map<object, unknown>): void {
  if (seen.has(error)) return;
  seen.set(error, error);
  error.message = redact(error.message, secrets);
  if (error.stack) error.stack = redact(error.stack, secrets);
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) fields[key] = redactValue(fields[key], secrets, seen);
  // `cause` is not enumerable when set through the Error constructor.
  const cause: unknown = error.cause;
  if (cause instanceof Error) scrubError(cause, secrets, seen);
  else if (cause !== undefined) error.cause = redactValue(cause, secrets, seen);
}

// `seen` maps each object already visited to its scrubbed copy: a shared or circular
// reference gets the copy, never the original.
function redactValue(value: unknown, secrets: readonly (string | undefined)[], seen: Map<object, unknown>): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (value instanceof Error) {
    scrubError(value, secrets, seen);
    return value;
  }
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redactValue(item, secrets, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[redact(key, secrets)] = redactValue(item, secrets, seen);
  return copy;
}
