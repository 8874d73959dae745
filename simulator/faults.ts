import type { FaultKind, FaultRule } from "./types";

interface LiveRule {
  readonly id: number;
  readonly rule: FaultRule;
  readonly random: () => number;
  remaining: number;
}

/** Rules in insertion order; {@link take} picks the first live one that matches. */
export class FaultList {
  #rules: LiveRule[] = [];
  #nextId = 1;

  /** Validates and adds a rule; returns its id. */
  add(rule: FaultRule): number {
    checkRule(rule);
    const id = this.#nextId++;
    const copy: FaultRule = { ...rule };
    this.#rules.push({ id, rule: copy, random: seededRandom(rule.seed ?? 1), remaining: rule.times ?? Infinity });
    return id;
  }

  remove(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((live) => live.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  /** The rule to apply to this request, if any; counts it against the rule's `times`. */
  take(method: string, path: string): FaultRule | undefined {
    for (const live of this.#rules) {
      if (live.remaining <= 0 || !matches(live.rule, method, path)) continue;
      // A rule that loses its draw lets later rules have a go at the request.
      if (live.rule.probability !== undefined && live.random() >= live.rule.probability) continue;
      live.remaining -= 1;
      if (live.remaining <= 0) this.remove(live.id);
      return live.rule;
    }
    return undefined;
  }
}

/** The name recorded for what a rule does; the most drastic action wins. */
export function faultKind(rule: FaultRule): FaultKind {
  if (rule.reset) return "reset";
  if (rule.rawBody !== undefined) return "rawBody";
  if (rule.status !== undefined) return "status";
  if (rule.loseResponse) return "loseResponse";
  return "latency";
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  const pattern = rule.path;
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0; // a /g or /y regex keeps state between test() calls
    return pattern.test(path);
  }
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

// Fail when the rule is added, not when a request happens to match it.
function checkRule(rule: FaultRule): void {
  const problem = ruleProblem(rule);
  if (problem !== undefined) throw new TypeError(`pulumi-opensolar simulator: invalid fault rule: ${problem}.`);
}

function ruleProblem(rule: FaultRule): string | undefined {
  const acts =
    rule.reset === true ||
    rule.loseResponse === true ||
    rule.status !== undefined ||
    rule.rawBody !== undefined ||
    (rule.latencyMs ?? 0) > 0;
  if (!acts) return "it needs one of reset, loseResponse, status, rawBody or latencyMs";
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)) {
    return "status must be an integer 100..599";
  }
  if (rule.latencyMs !== undefined && (!Number.isFinite(rule.latencyMs) || rule.latencyMs < 0)) {
    return "latencyMs must be >= 0";
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
    return "times must be a positive integer";
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    return "probability must be within 0..1";
  }
  if (rule.retryAfter !== undefined && rule.status === undefined && rule.rawBody === undefined) {
    return "retryAfter needs a status or rawBody to travel with";
  }
  return undefined;
}

/**
 * A small seedable PRNG (mulberry32), so a fault with `probability` hits the same
 * requests on every run and a flaky-looking test can be replayed.
 */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
