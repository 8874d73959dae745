import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, withinBudget } from "../../provider/core/retry";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it("reads delta seconds", () => expect(parseRetryAfter("3", now)).toBe(3000));
  it("reads an HTTP date", () => expect(parseRetryAfter("Sat, 28 Nov 2026 12:00:05 GMT", now)).toBe(5000));
  it("never goes below zero for a date in the past", () => expect(parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now)).toBe(0));
  it("ignores garbage", () => expect(parseRetryAfter("soon", now)).toBeUndefined());
  it("is absent when the header is", () => expect(parseRetryAfter(undefined, now)).toBeUndefined());
});

describe("retryDelayMs", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  it("honours Retry-After first", () => expect(retryDelayMs(1, policy, "0.5", 0, () => 0)).toBe(500));
  it("caps Retry-After at the largest step", () => expect(retryDelayMs(1, policy, "60", 0, () => 0)).toBe(1000));
  it("grows exponentially with equal jitter: half the step plus a random part of the other half", () => {
    expect(retryDelayMs(1, policy, undefined, 0, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, undefined, 0, () => 1)).toBe(100);
    expect(retryDelayMs(3, policy, undefined, 0, () => 1)).toBe(400);
    expect(retryDelayMs(10, policy, undefined, 0, () => 1)).toBe(1000);
  });
});

describe("withinBudget", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxElapsedMs: 1000 };
  it("allows a wait that ends inside the budget", () => expect(withinBudget(0, 400, policy, 500)).toBe(true));
  it("refuses a wait that ends past it", () => expect(withinBudget(0, 600, policy, 500)).toBe(false));
});
