import { isIP } from "node:net";

// One loopback rule for the provider (which lets a plain-http endpoint through only for a
// host that stays on this machine) and the simulator (which delivers only to such hosts).

/**
 * Whether a URL hostname stays on this machine without asking DNS: loopback addresses and
 * `localhost`, `localhost.` and `*.localhost` (RFC 6761 reserves them for loopback).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return isIP(name) !== 0 && isLoopbackAddress(name);
}

/** Whether an IP address (v4, v6 or v4-mapped v6) is a loopback address. */
export function isLoopbackAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (isIP(lower) === 4) return lower.startsWith("127.");
  if (lower === "::1" || lower === "0:0:0:0:0:0:0:1") return true;
  // IPv4-mapped, dotted as written or in hex as URL parsing normalizes it (::ffff:7f00:1).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return mapped[1].startsWith("127.");
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(lower);
}
