import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";

/**
 * Whether a URL hostname stays on this machine without asking DNS: loopback addresses and
 * `localhost` (RFC 6761 reserves it for loopback). Any other name is refused before it is
 * looked up, since even the lookup would leave the machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return isIP(name) !== 0 && isLoopbackAddress(name);
}

export function isLoopbackAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (isIP(lower) === 4) return lower.startsWith("127.");
  if (lower === "::1" || lower === "0:0:0:0:0:0:0:1") return true;
  // IPv4-mapped, dotted as written or in hex as URL parsing normalizes it (::ffff:7f00:1).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return mapped[1].startsWith("127.");
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(lower);
}

/** Thrown (as a lookup error) when `localhost` resolves somewhere else. */
export const NON_LOOPBACK_CODE = "ERR_SIMULATOR_NON_LOOPBACK";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that fails unless every address is loopback: a hosts file
 * could point `localhost` elsewhere.
 */
export function loopbackOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, []);
      return;
    }
    const allowed = addresses.filter((entry) => isLoopbackAddress(entry.address));
    if (allowed.length === 0 || allowed.length !== addresses.length) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to a non-loopback address`);
      refused.code = NON_LOOPBACK_CODE;
      callback(refused, []);
      return;
    }
    const [first] = allowed;
    if (options.all === true || first === undefined) callback(null, allowed);
    else callback(null, first.address, first.family);
  });
}
