import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isLoopbackAddress } from "../provider/core/loopback";

export { isLoopbackAddress, isLoopbackHost } from "../provider/core/loopback";

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
