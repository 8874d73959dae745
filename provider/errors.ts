// One small family of errors, made in one place (`errorFromResponse`) from OpenSolar's
// answers. Every message starts with the package name, says which call failed and ends
// with what to do. No message, property or `cause` ever carries the API token or a header
// value: callers pass the secrets they know and every message is scrubbed of them.

export type OpenSolarErrorCode =
  | "configuration"
  | "authentication"
  | "permission"
  | "not_found"
  | "invalid_request"
  | "rate_limited"
  | "server"
  | "network"
  | "bad_response"
  | "invalid_input";

const PREFIX = "pulumi-opensolar: ";

/** Base of every error the provider throws. `code` is stable and safe to branch on. */
export class OpenSolarError extends Error {
  override name = "OpenSolarError";
  readonly code: OpenSolarErrorCode;

  constructor(code: OpenSolarErrorCode, message: string) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message);
    this.code = code;
  }
}

/** Settings are missing or malformed (no token, a bad base URL, no org id). */
export class OpenSolarConfigurationError extends OpenSolarError {
  override name = "OpenSolarConfigurationError";
  constructor(message: string) {
    super("configuration", message);
  }
}

/** Inputs that do not validate; raised before any request is sent. A bad input is not a
 * transport failure, so this does not extend the HTTP error. */
export class OpenSolarInputError extends OpenSolarError {
  override name = "OpenSolarInputError";
  readonly failures: ReadonlyArray<{ readonly property: string; readonly reason: string }>;
  constructor(failures: ReadonlyArray<{ property: string; reason: string }>) {
    super("invalid_input", `invalid inputs: ${failures.map((f) => f.reason).join("; ")}. Fix them and run again.`);
    this.failures = failures;
  }
}

/** Where a failed call went: method and path (never the query or the host's credentials). */
export interface RequestDescription {
  readonly method: string;
  readonly path: string;
}

/** OpenSolar answered with a status that is not a success. */
export class OpenSolarHttpError extends OpenSolarError {
  override name = "OpenSolarHttpError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** DRF field errors, keyed by *our* property names (`triggerFields`, not `trigger_fields`). */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;
  /** Seconds the server asked us to wait (429/503 `Retry-After`), if it said. */
  readonly retryAfter: string | undefined;

  constructor(
    code: OpenSolarErrorCode,
    request: RequestDescription,
    status: number,
    message: string,
    fieldErrors: Record<string, string[]> = {},
    retryAfter?: string,
  ) {
    super(code, message);
    this.status = status;
    this.method = request.method;
    this.path = request.path;
    this.fieldErrors = fieldErrors;
    this.retryAfter = retryAfter;
  }
}

/** No answer at all: timeout, reset, refused. `maybeProcessed` is true when the request
 * may have reached the server (a timeout or reset after sending), false when it cannot
 * have (connection refused, DNS failure). */
export class OpenSolarNetworkError extends OpenSolarError {
  override name = "OpenSolarNetworkError";
  readonly method: string;
  readonly path: string;
  readonly maybeProcessed: boolean;
  readonly reason: string;

  constructor(request: RequestDescription, reason: string, maybeProcessed: boolean) {
    super(
      "network",
      `${request.method} ${request.path} got no answer (${reason}). ` +
        "Check that OpenSolar (or opensolar:baseUrl) is reachable; running the command again is safe.",
    );
    this.method = request.method;
    this.path = request.path;
    this.maybeProcessed = maybeProcessed;
    this.reason = reason;
  }
}

/** OpenSolar answered 2xx with a body we cannot use (HTML, not JSON, no `id`, wrong types). */
export class OpenSolarResponseError extends OpenSolarError {
  override name = "OpenSolarResponseError";
  readonly method: string;
  readonly path: string;

  constructor(request: RequestDescription, problem: string) {
    super(
      "bad_response",
      `${request.method} ${request.path} answered with a body this provider cannot use: ${problem}. ` +
        "Nothing was recorded from it; check opensolar:baseUrl points at the OpenSolar API and run the command again.",
    );
    this.method = request.method;
    this.path = request.path;
  }
}

// DRF field names on the wire, and the property names users write.
const WIRE_TO_PROPERTY: Readonly<Record<string, string>> = {
  endpoint: "endpoint",
  headers: "headers",
  enabled: "enabled",
  debug: "debug",
  trigger_fields: "triggerFields",
  payload_fields: "payloadFields",
  non_field_errors: "webhook",
};

export interface ResponseFacts extends RequestDescription {
  readonly status: number;
  readonly data: unknown;
  readonly orgId?: number | undefined;
  readonly retryAfter?: string | undefined;
}

/** Builds the typed error for an unsuccessful answer. */
export function errorFromResponse(facts: ResponseFacts): OpenSolarHttpError {
  const where = `${facts.method} ${facts.path}`;
  const detail = drfDetail(facts.data);
  const said = detail ? ` OpenSolar said: "${truncate(detail)}".` : "";
  switch (true) {
    case facts.status === 401:
      return new OpenSolarHttpError(
        "authentication",
        facts,
        401,
        `${where} was refused (401): the API token is missing, invalid or expired.${said} ` +
          "Standard OpenSolar user tokens expire after 7 days (machine user tokens do not): get a new one from " +
          "POST /api-token-auth/ and set it with `pulumi config set --secret opensolar:apiToken <token>` " +
          "(or OPENSOLAR_API_TOKEN). Just changed it? `pulumi refresh` and `pulumi destroy` use the settings " +
          "recorded at the last `pulumi up`: add --run-program, or run `pulumi up` first.",
      );
    case facts.status === 403:
      return new OpenSolarHttpError(
        "permission",
        facts,
        403,
        `${where} was forbidden (403): the API token has no access to org ${facts.orgId ?? "(unknown)"}.${said} ` +
          "Check the orgId input or opensolar:orgId, or use a token of a user of that org.",
      );
    case facts.status === 404:
      return new OpenSolarHttpError(
        "not_found",
        facts,
        404,
        `${where} found nothing (404).${said} Check the org id and webhook id; ` +
          "if the webhook was deleted outside Pulumi, run `pulumi refresh`.",
      );
    case facts.status === 400: {
      const fieldErrors = drfFieldErrors(facts.data);
      const listed = Object.entries(fieldErrors)
        .map(([property, messages]) => `${property}: ${messages.map(truncate).join(" ")}`)
        .join("; ");
      return new OpenSolarHttpError(
        "invalid_request",
        facts,
        400,
        `${where} was rejected as invalid (400)${listed ? ` - ${listed}.` : "."}${said} Fix the named inputs and run again.`,
        fieldErrors,
      );
    }
    case facts.status === 429:
      return new OpenSolarHttpError(
        "rate_limited",
        facts,
        429,
        `${where} was rate limited (429) and retries ran out.${said} Wait a minute and run again, ` +
          "or lower the parallelism (`pulumi up --parallel 4`).",
        {},
        facts.retryAfter,
      );
    default:
      return new OpenSolarHttpError(
        "server",
        facts,
        facts.status,
        `${where} failed with HTTP ${facts.status}.${said} OpenSolar may be having trouble; run again later. ` +
          "Running again is safe: the provider finds webhooks it already created.",
        {},
        facts.retryAfter,
      );
  }
}

function drfDetail(data: unknown): string | undefined {
  if (typeof data === "string") {
    // An HTML error page is noise; say so instead of pasting it.
    return /^\s*</.test(data) ? "an HTML page instead of JSON" : data.trim() || undefined;
  }
  if (isRecord(data) && typeof data["detail"] === "string") return data["detail"];
  return undefined;
}

function drfFieldErrors(data: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!isRecord(data)) return result;
  for (const [field, value] of Object.entries(data)) {
    if (field === "detail") continue;
    const messages = Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
    if (messages.length === 0) continue;
    result[WIRE_TO_PROPERTY[field] ?? field] = messages;
  }
  return result;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for any error of this family, also across copies of the package. */
export function isOpenSolarError(error: unknown): error is OpenSolarError {
  return (
    error instanceof OpenSolarError ||
    (error instanceof Error && typeof (error as { code?: unknown }).code === "string" && error.message.startsWith(PREFIX))
  );
}
