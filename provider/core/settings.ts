import { OpenSolarConfigurationError } from "./errors";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";

// Where the provider's connection settings come from, read inside the provider process
// only: stack config handed to `configure()` first, then environment variables. Nothing
// here is ever captured in the serialized provider, so no token can reach state.

export const DEFAULT_BASE_URL = "https://api.opensolar.com";
export const DEFAULT_MAX_CONCURRENCY = 8;

/** Stack config keys the provider reads (namespace `opensolar`). */
export const CONFIG_KEYS = {
  apiToken: "opensolar:apiToken",
  baseUrl: "opensolar:baseUrl",
  orgId: "opensolar:orgId",
  timeoutMs: "opensolar:timeoutMs",
  maxRetries: "opensolar:maxRetries",
  maxConcurrency: "opensolar:maxConcurrency",
  debug: "opensolar:debug",
} as const;

/** Environment variables read when the stack config does not say. */
export const ENV_KEYS = {
  apiToken: "OPENSOLAR_API_TOKEN",
  baseUrl: "OPENSOLAR_BASE_URL",
  orgId: "OPENSOLAR_ORG_ID",
  timeoutMs: "OPENSOLAR_TIMEOUT_MS",
  maxRetries: "OPENSOLAR_MAX_RETRIES",
  maxConcurrency: "OPENSOLAR_MAX_CONCURRENCY",
  retryBaseMs: "OPENSOLAR_RETRY_BASE_MS",
  maxElapsedMs: "OPENSOLAR_RETRY_BUDGET_MS",
  debug: "OPENSOLAR_DEBUG",
} as const;

export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderSettings {
  readonly baseUrl: string;
  /** Absent until needed: check and diff run without a token. */
  readonly apiToken: string | undefined;
  readonly defaultOrgId: number | undefined;
  /** Deadline of one attempt: connect, headers and body together. @default 15000 */
  readonly timeoutMs: number;
  /** Calls in flight to one org at a time. @default 8 */
  readonly maxConcurrency: number;
  readonly retry: RetryPolicy;
  readonly debug: boolean;
}

export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const pick = (key: keyof typeof CONFIG_KEYS & keyof typeof ENV_KEYS): string | undefined => {
    const fromConfig = config?.get(CONFIG_KEYS[key]);
    if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
    const fromEnv = env[ENV_KEYS[key]];
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
  };

  const baseUrl = parseBaseUrl(pick("baseUrl") ?? DEFAULT_BASE_URL);
  const orgText = pick("orgId");
  const defaultOrgId = orgText === undefined ? undefined : parsePositiveInteger(orgText, "opensolar:orgId / OPENSOLAR_ORG_ID");
  const timeoutText = pick("timeoutMs");
  const retriesText = pick("maxRetries");
  const concurrencyText = pick("maxConcurrency");
  const baseDelayText = env[ENV_KEYS.retryBaseMs];
  const budgetText = env[ENV_KEYS.maxElapsedMs];
  const debugText = pick("debug");

  return {
    baseUrl,
    apiToken: pick("apiToken"),
    defaultOrgId,
    timeoutMs: timeoutText === undefined ? 15_000 : parsePositiveInteger(timeoutText, "opensolar:timeoutMs"),
    maxConcurrency:
      concurrencyText === undefined ? DEFAULT_MAX_CONCURRENCY : parsePositiveInteger(concurrencyText, "opensolar:maxConcurrency"),
    retry: {
      ...DEFAULT_RETRY_POLICY,
      ...(retriesText === undefined ? {} : { retries: parseCount(retriesText, "opensolar:maxRetries") }),
      ...(baseDelayText === undefined ? {} : { baseDelayMs: parseCount(baseDelayText, ENV_KEYS.retryBaseMs) }),
      ...(budgetText === undefined ? {} : { maxElapsedMs: parsePositiveInteger(budgetText, ENV_KEYS.maxElapsedMs) }),
    },
    debug: debugText === "1" || debugText === "true",
  };
}

/** The token, or an error that says how to provide one. */
export function requireToken(settings: ProviderSettings): string {
  if (settings.apiToken) return settings.apiToken;
  throw new OpenSolarConfigurationError(
    "no API token: set it with `pulumi config set --secret opensolar:apiToken <token>` " +
      "or the OPENSOLAR_API_TOKEN environment variable.",
  );
}

function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OpenSolarConfigurationError(
      `opensolar:baseUrl is not a URL. Set it to the API root, for example ${DEFAULT_BASE_URL}.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OpenSolarConfigurationError(`opensolar:baseUrl must be an http(s) URL, for example ${DEFAULT_BASE_URL}.`);
  }
  if (url.username || url.password) {
    throw new OpenSolarConfigurationError("opensolar:baseUrl must not contain credentials; use opensolar:apiToken.");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function parsePositiveInteger(text: string, where: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new OpenSolarConfigurationError(`${where} must be a positive integer.`);
  }
  return value;
}

function parseCount(text: string, where: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new OpenSolarConfigurationError(`${where} must be a whole number (0 or more).`);
  }
  return value;
}
