import { isOwnerHeaderName } from "./owner-marker";

// Equality as HTTP sees it, for the properties whose text may differ while meaning the
// same: a server that normalizes them must cause no PATCH on every `up`.

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };
// scheme "://" [userinfo "@"] host [":" port] rest, as written (no normalization).
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^/?#@]*)@)?(\[[^\]/?#]*\]|[^:/?#]*)(?::(\d*))?([/?#].*)?$/s;

/**
 * Whether two endpoint URLs name the same resource as HTTP sees it: scheme and host ignore
 * case, and the default port (https 443, http 80) equals no port. Everything else (path,
 * query, user info) compares exactly, as written.
 */
export function sameEndpoint(a: string, b: string): boolean {
  if (a === b) return true;
  const left = URL_PARTS.exec(a);
  const right = URL_PARTS.exec(b);
  if (!left || !right) return false;
  const scheme = (left[1] ?? "").toLowerCase();
  if (scheme !== (right[1] ?? "").toLowerCase()) return false;
  const port = (written: string | undefined): string => {
    const digits = (written ?? "").replace(/^0+(?=\d)/, "");
    return digits === "" ? DEFAULT_PORTS[scheme] ?? "" : digits;
  };
  return (
    left[2] === right[2] &&
    (left[3] ?? "").toLowerCase() === (right[3] ?? "").toLowerCase() &&
    port(left[4]) === port(right[4]) &&
    (left[5] ?? "") === (right[5] ?? "")
  );
}

/**
 * Whether two header maps are the same: names ignore case, values compare exactly. The
 * provider's ownership marker (owner-marker.ts) is not a declared header and never counts.
 */
export function sameHeaders(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const left = byLowerName(a ?? {});
  const right = byLowerName(b ?? {});
  if (left === undefined || right === undefined) return false;
  if (left.size !== right.size) return false;
  for (const [name, value] of left) if (right.get(name) !== value) return false;
  return true;
}

/** Headers by lower-case name, without markers; undefined when two names differ only by case. */
function byLowerName(headers: Readonly<Record<string, string>>): Map<string, string> | undefined {
  const result = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (isOwnerHeaderName(name)) continue;
    const lower = name.toLowerCase();
    // Which of the two OpenSolar would send is not ours to guess: call it a change.
    if (result.has(lower)) return undefined;
    result.set(lower, value);
  }
  return result;
}
