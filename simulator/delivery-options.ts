import type { DeliveryOptions } from "./types";

export type ResolvedDeliveryOptions = Required<DeliveryOptions>;

export const DELIVERY_DEFAULTS: Readonly<ResolvedDeliveryOptions> = Object.freeze({
  timeoutMs: 5000,
  retryBaseMs: 1000,
  maxAttempts: 5,
  allowNonLoopback: false,
});

/** Fills in defaults and rejects nonsense at start, like the other simulator options. */
export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const resolved = { ...DELIVERY_DEFAULTS, ...definedOnly(options) };
  check("timeoutMs", resolved.timeoutMs, 1);
  check("retryBaseMs", resolved.retryBaseMs, 0);
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError(
      `pulumi-opensolar simulator: deliveries.maxAttempts must be a positive integer, got ${String(resolved.maxAttempts)}.`,
    );
  }
  return resolved;
}

function check(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`pulumi-opensolar simulator: deliveries.${name} must be a number >= ${min}, got ${String(value)}.`);
  }
}

// JS callers may pass explicit undefineds; they mean "the default", not "unset it".
function definedOnly(options: DeliveryOptions): DeliveryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
