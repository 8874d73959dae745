import { parseArgs } from "node:util";
import type { DeliveryOptions, SimulatorOptions } from "./types";

export const USAGE = `Usage: opensolar-simulator [options]

  --port N                port to listen on (default 4010; 0 picks a free one)
  --host H                address to bind (default 127.0.0.1)
  --token T               bearer token to accept (default sim-token)
  --org N                 org id the token may access; repeat for several (default 1)
  --mask-headers          answer with webhook header values masked
  --page-size N           answer lists as DRF pages of N
  --latency MS            add MS milliseconds to every API answer
  --delivery-timeout MS   time one webhook delivery attempt may take (default 5000)
  --retry-base MS         wait before the first retry of a failed delivery (default 1000)
  --max-attempts N        delivery attempts before giving up (default 5)
  --allow-non-loopback    deliver to endpoints off this machine too (default: loopback only)
  -h, --help              show this help`;

export interface CliArgs {
  options: SimulatorOptions;
  token: string;
  /** Whether the token came from the command line (then it is not echoed back). */
  tokenGiven: boolean;
  orgIds: number[];
  help: boolean;
}

/**
 * Turns argv (without node and script) into simulator options; throws on bad input with a
 * one-line message that names the option and never repeats the value given.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseOrExplain(argv);
  const token = values.token ?? "sim-token";
  if (token === "" || /\s/.test(token)) {
    throw new Error("--token must be non-empty and hold no spaces: a bearer token is one word.");
  }
  const orgIds = (values.org ?? ["1"]).map((org) => integer("--org", org, 0));
  const options: SimulatorOptions = {
    port: integer("--port", values.port ?? "4010", 0, 65535),
    host: values.host ?? "127.0.0.1",
    tokens: { [token]: orgIds },
    maskHeaderValues: values["mask-headers"] ?? false,
    latencyMs: integer("--latency", values.latency ?? "0", 0),
  };
  if (values["page-size"] !== undefined) options.pageSize = integer("--page-size", values["page-size"], 1);
  // Only when asked for, so that the defaults stay in one place (options.ts).
  const deliveries: DeliveryOptions = {};
  if (values["delivery-timeout"] !== undefined) deliveries.timeoutMs = integer("--delivery-timeout", values["delivery-timeout"], 1);
  if (values["retry-base"] !== undefined) deliveries.retryBaseMs = integer("--retry-base", values["retry-base"], 0);
  if (values["max-attempts"] !== undefined) deliveries.maxAttempts = integer("--max-attempts", values["max-attempts"], 1);
  if (values["allow-non-loopback"] === true) deliveries.allowNonLoopback = true;
  if (Object.keys(deliveries).length > 0) options.deliveries = deliveries;
  return { options, token, tokenGiven: values.token !== undefined, orgIds, help: values.help ?? false };
}

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  token: { type: "string" },
  org: { type: "string", multiple: true },
  "mask-headers": { type: "boolean" },
  "page-size": { type: "string" },
  latency: { type: "string" },
  "delivery-timeout": { type: "string" },
  "retry-base": { type: "string" },
  "max-attempts": { type: "string" },
  "allow-non-loopback": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOrExplain(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS });
  } catch (error) {
    // node's message for a stray argument quotes it, and it may be a token typed without --token.
    if ((error as { code?: unknown }).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new Error("unexpected argument: this command takes options only, each value after its option (--token T).");
    }
    throw new Error(`${(error as Error).message}.`);
  }
}

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new Error(`${flag} expects a whole number ${range}.`);
  }
  return value;
}
