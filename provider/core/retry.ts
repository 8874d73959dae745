// When and how long to wait before trying a request again. Pure functions, so the policy
// is tested without a clock; the HTTP client applies them.

export interface RetryPolicy {
  /** Retries after the first attempt. @default 4 */
  readonly retries: number;
  /** First backoff step; doubles each retry. @default 500 */
  readonly baseDelayMs: number;
  /** Cap of one backoff step (and of a Retry-After we honour). @default 10000 */
  readonly maxDelayMs: number;
  /** Total time budget across all attempts of one call. @default 60000 */
  readonly maxElapsedMs: number;
  /** Statuses worth another try for idempotent requests. @default [408, 429, 500, 502, 503, 504] */
  readonly statusCodes: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxElapsedMs: 60_000,
  statusCodes: Object.freeze([408, 429, 500, 502, 503, 504]),
});

/**
 * Delay before retry number `retry` (1-based). A server's `Retry-After` wins (capped by
 * maxDelayMs); otherwise exponential backoff with "equal jitter" (half the step, plus a
 * random share of the other half), so parallel resources hitting the same rate limit do
 * not retry in lockstep, and no retry comes sooner than half its step.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfter: string | undefined,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const fromServer = parseRetryAfter(retryAfter, now);
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // Never below half the step: some spacing even on an unlucky draw.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Whether time remains for a wait of `delayMs` followed by another attempt. */
export function withinBudget(startedAt: number, delayMs: number, policy: RetryPolicy, now: number = Date.now()): boolean {
  return now - startedAt + delayMs < policy.maxElapsedMs;
}
