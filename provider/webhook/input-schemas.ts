import * as z from "../core/zod";
import { fieldPathProblem } from "./field-paths";
import { isOwnerHeaderName, isOwnerKey, OWNER_HEADER_PREFIX } from "./owner-marker";
import { isUnknown } from "../core/unknown";

// The validation of each webhook input on its own (zod schemas), which the field table
// (fields.ts) gives its properties. Failures never quote a header value: it is a secret.

export const MAX_FIELD_PATHS = 500;
export const MAX_HEADERS = 32;
const MAX_HEADER_VALUE_LENGTH = 4096;
/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Set by the HTTP layer that delivers webhooks; a configured one would conflict, break
// framing or change how the connection behaves (Expect: 100-continue, Upgrade).
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "expect",
  "te",
  "upgrade",
  "keep-alive",
]);
// Control characters a header value cannot carry (RFC 9110 field-value: tab is the only one allowed).
const VALUE_CONTROL = /[\x01-\x08\x0a-\x1f\x7f]/;
// Header values travel as bytes; Node and most servers read them as Latin-1.
const BEYOND_LATIN1 = /[^\x00-\xff]/;
export const positiveInteger = z.number({ error: "must be a number" }).check(z.int("must be a whole number"), z.positive("must be positive"));
export const boolean = z.boolean({ error: "must be true or false" });

export const fieldList = z.array(z.string({ error: "each field path must be a string" }), { error: "must be a list of field paths" }).check(
  z.minLength(1, {
    error:
      "must not be empty: OpenSolar stores a blank list as null, which fires on every change. " +
      "Leave the property out for the documented defaults",
  }),
  z.superRefine((paths, ctx) => {
    // Repeats collapse (see dedupe) before the size limit counts: 600 copies of one path are one path.
    const distinct = new Set(paths);
    if (distinct.size > MAX_FIELD_PATHS) {
      ctx.addIssue({ code: "custom", message: `must hold at most ${MAX_FIELD_PATHS} field paths (repeats count once)` });
    }
    const reported = new Set<string>();
    paths.forEach((path, index) => {
      if (isUnknown(path) || reported.has(path)) return;
      reported.add(path);
      const problem = fieldPathProblem(path);
      if (problem) ctx.addIssue({ code: "custom", path: [index], message: problem });
    });
  }),
);

export const headerMap = z
  .record(z.string(), z.string({ error: "header values must be strings" }), {
    error: "must be an object of header names to string values",
  })
  .check(
    z.superRefine((headers, ctx) => {
      const names = Object.keys(headers);
      if (names.length > MAX_HEADERS) ctx.addIssue({ code: "custom", message: `must hold at most ${MAX_HEADERS} headers` });
      const seen = new Map<string, string>();
      for (const name of names) {
        const value = headers[name] ?? "";
        const nameProblem = headerNameProblem(name);
        if (nameProblem) ctx.addIssue({ code: "custom", path: [name], message: nameProblem });
        const lower = name.toLowerCase();
        const twin = seen.get(lower);
        if (twin !== undefined) {
          ctx.addIssue({ code: "custom", path: [name], message: `"${name}" repeats "${twin}": header names ignore case` });
        }
        seen.set(lower, name);
        if (isUnknown(value)) continue;
        const valueProblem = headerValueProblem(value);
        if (valueProblem) ctx.addIssue({ code: "custom", path: [name], message: valueProblem });
      }
    }),
  );

function headerNameProblem(name: string): string | undefined {
  if (!HEADER_NAME.test(name)) return `"${printable(name)}" is not a valid HTTP header name`;
  if (RESERVED_HEADERS.has(name.toLowerCase())) return `"${name}" is set by OpenSolar's delivery and cannot be configured`;
  if (isOwnerHeaderName(name)) {
    return `"${name}" is reserved: names starting with ${OWNER_HEADER_PREFIX} carry the provider's ownership marker`;
  }
  return undefined;
}

/** Why a header value cannot be sent. Never quotes the value, nor any part of it: it is a secret. */
function headerValueProblem(value: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return "the value contains a line break or NUL (header injection)";
  if (VALUE_CONTROL.test(value)) return "the value contains a control character: tab is the only one a header value may hold";
  if (BEYOND_LATIN1.test(value)) {
    return "the value contains a character beyond Latin-1 (above U+00FF), which a header value cannot carry: encode it, for example as base64";
  }
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `the value is longer than ${MAX_HEADER_VALUE_LENGTH} characters`;
  if (value.trim() === "") return "the value is empty";
  if (/^\s|\s$/.test(value)) return "the value starts or ends with white space, which HTTP drops: the receiver would see another value";
  return undefined;
}

// One schema per property: each is checked on its own, so every problem is reported at

export const deleteBehavior = z.enum(["delete", "disable"], { error: 'must be "delete" or "disable"' });
export const endpointText = z.string({ error: "must be a string: the URL OpenSolar posts events to" });
// Not for users: the resource class sets it (see webhook.ts and owner-marker.ts).
export const ownerKeySchema = z.string({ error: "must be a string" }).check(z.refine(isOwnerKey, "must be an owner key as OpenSolarWebhook computes it"));

/** A name as it can be printed on one line: control and invisible characters escaped. */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => {
    const json = JSON.stringify(c).slice(1, -1); // \r, \n, \u0000 for C0
    return json !== c ? json : `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  });
}
