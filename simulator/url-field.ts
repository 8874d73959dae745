import { isIPv4, isIPv6 } from "node:net";

// What a DRF URLField (Django's URLValidator) accepts, written from its documented rules:
// scheme http, https, ftp or ftps; a host that is an IP address, `localhost` or a domain
// with a top-level label of letters (or punycode); an optional port; no whitespace.

const SCHEMES = new Set(["http", "https", "ftp", "ftps"]);
const MAX_LENGTH = 2048;
// Letters (any script), digits and inner hyphens; 63 characters at most.
const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
const TOP_LABEL = /^(?:(?!-)[\p{L}-]{2,63}(?<!-)|xn--[a-z0-9]{1,59})$/iu;

/** Whether DRF would store `text` in a URLField, rather than answer "Enter a valid URL.". */
export function isValidUrlField(text: string): boolean {
  if (text.length > MAX_LENGTH || /\s/u.test(text)) return false;
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([/?#].*)?$/is.exec(text);
  if (!match) return false;
  const [, scheme = "", authority = ""] = match;
  if (!SCHEMES.has(scheme.toLowerCase())) return false;
  const at = authority.lastIndexOf("@");
  if (at !== -1 && !/^[^:@]+(?::[^@]*)?$/.test(authority.slice(0, at))) return false;
  const hostAndPort = authority.slice(at + 1);
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(hostAndPort);
  if (bracketed) return isIPv6(bracketed[1] ?? "");
  const plain = /^([^:]+)(?::(\d{1,5}))?$/.exec(hostAndPort);
  return plain !== null && isValidHost(plain[1] ?? "");
}

function isValidHost(host: string): boolean {
  if (isIPv4(host)) return true;
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name.toLowerCase() === "localhost") return true;
  const labels = name.split(".");
  const top = labels.pop();
  // All digits, then it was meant as an IPv4 address and is not one.
  if (top === undefined || labels.length === 0 || /^\d+$/.test(top)) return false;
  return TOP_LABEL.test(top) && labels.every((label) => LABEL.test(label));
}
