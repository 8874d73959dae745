// Options of startSimulator: defaults filled in and nonsense rejected at start, so that a
// typo fails there and not in the middle of a test.
import type { DeliveryOptions, SimulatorOptions, SimulatorSettingsPatch } from "./types";

/** The options that may change while running; read on every request. */
export interface RuntimeSettings {
  maskHeaderValues: boolean;
  pageSize: number | undefined;
  allowDelete: boolean;
  latencyMs: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  tokens: Record<string, number[]>;
  settings: RuntimeSettings;
}

export const DEFAULT_TOKENS: Readonly<Record<string, readonly number[]>> = Object.freeze({ "sim-token": [1] });

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`pulumi-opensolar simulator: port must be an integer 0..65535, got ${String(port)}.`);
  }
  const tokens: Record<string, number[]> = {};
  for (const [token, orgIds] of Object.entries(options.tokens ?? DEFAULT_TOKENS)) {
    tokens[token] = [...orgIds];
  }
  const settings: RuntimeSettings = { maskHeaderValues: false, pageSize: undefined, allowDelete: true, latencyMs: 0 };
  applySettingsPatch(settings, options);
  return { port, host: options.host ?? "127.0.0.1", tokens, settings };
}

/** Applies only the keys present in `patch`, so `{ pageSize: undefined }` turns paging off. */
export function applySettingsPatch(settings: RuntimeSettings, patch: SimulatorSettingsPatch): void {
  if (patch.maskHeaderValues !== undefined) settings.maskHeaderValues = patch.maskHeaderValues;
  if (patch.allowDelete !== undefined) settings.allowDelete = patch.allowDelete;
  if ("pageSize" in patch) {
    const size = patch.pageSize;
    if (size !== undefined && (!Number.isInteger(size) || size < 1)) {
      throw new RangeError(`pulumi-opensolar simulator: pageSize must be a positive integer, got ${String(size)}.`);
    }
    settings.pageSize = size;
  }
  if (patch.latencyMs !== undefined) {
    if (!Number.isFinite(patch.latencyMs) || patch.latencyMs < 0) {
      throw new RangeError(`pulumi-opensolar simulator: latencyMs must be >= 0, got ${String(patch.latencyMs)}.`);
    }
    settings.latencyMs = patch.latencyMs;
  }
}

export type ResolvedDeliveryOptions = Required<DeliveryOptions>;

export const DELIVERY_DEFAULTS: Readonly<ResolvedDeliveryOptions> = Object.freeze({
  timeoutMs: 5000,
  retryBaseMs: 1000,
  maxAttempts: 5,
  allowNonLoopback: false,
});

export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const resolved = { ...DELIVERY_DEFAULTS, ...definedOnly(options) };
  atLeast("timeoutMs", resolved.timeoutMs, 1);
  atLeast("retryBaseMs", resolved.retryBaseMs, 0);
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError(
      `pulumi-opensolar simulator: deliveries.maxAttempts must be a positive integer, got ${String(resolved.maxAttempts)}.`,
    );
  }
  return resolved;
}

function atLeast(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`pulumi-opensolar simulator: deliveries.${name} must be a number >= ${min}, got ${String(value)}.`);
  }
}

// JS callers may pass explicit undefineds; they mean "the default", not "unset it".
function definedOnly(options: DeliveryOptions): DeliveryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
