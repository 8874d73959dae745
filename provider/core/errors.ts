// One small family of errors, made in one place (`errorFromResponse`) from OpenSolar's
// answers. Every message starts with the package name, says which call failed and ends
// with what to do. A message describes an answer and never quotes it, and no message,
// property or `cause` ever carries the API token or a header value: callers also pass the
// secrets they know and every error is scrubbed of them (redact.ts).

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
  /**
   * The properties a DRF 400 answer found fault with, as *our* property names
   * (`triggerFields`, not `trigger_fields`). Names only: OpenSolar's messages are never
   * kept, since a server may echo an input value (a secret header) in them.
   */
  readonly fieldErrors: readonly string[];
  /** Seconds the server asked us to wait (429/503 `Retry-After`), if it said. */
  readonly retryAfter: string | undefined;

  constructor(
    code: OpenSolarErrorCode,
    request: RequestDescription,
    status: number,
    message: string,
    fieldErrors: readonly string[] = [],
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

/**
 * How errors speak of the resource a call is about: its noun ("webhook") and its DRF field
 * names on the wire mapped to the property names users write. Each resource gives its own
 * (webhook/vocabulary.ts); this module knows none.
 */
export interface ResourceVocabulary {
  readonly noun: string;
  readonly propertyOf: Readonly<Record<string, string>>;
}
const GENERIC: ResourceVocabulary = { noun: "resource", propertyOf: {} };
// A field name we do not know is shown only when it looks like one (DRF names are identifiers).
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_NAMED_FIELDS = 10;

/** What the client knows about an unsuccessful answer. Only `status` and `data` are required. */
export interface ResponseFacts extends RequestDescription {
  readonly status: number;
  /** The parsed body: JSON, the text when it is not JSON, undefined when empty. Never quoted. */
  readonly data: unknown;
  readonly orgId?: number | undefined;
  readonly retryAfter?: string | undefined;
  /** The answer's Content-Type header; only a well-formed media type is ever shown. */
  readonly contentType?: string | undefined;
  /** The body's length in bytes, as received. */
  readonly bodyLength?: number | undefined;
  /** The Location header of a 3xx answer; only its origin is ever shown. */
  readonly location?: string | undefined;
  /** Whose fields and noun the message uses. */
  readonly resource?: ResourceVocabulary | undefined;
}

/**
 * Builds the typed error for an unsuccessful answer. The message describes the answer
 * (status, kind of body, content type, length, the fields a 400 names) and never quotes
 * it: a server may echo the token or a header value in its body.
 */
export function errorFromResponse(facts: ResponseFacts): OpenSolarHttpError {
  const where = `${facts.method} ${facts.path}`;
  const vocabulary = facts.resource ?? GENERIC;
  const noun = vocabulary.noun;
  const answer = ` The answer was ${describeAnswer(facts)}.`;
  const { status } = facts;
  switch (true) {
    case status >= 300 && status < 400:
      // The client never follows redirects: a redirect almost always means the base URL
      // is not the API's own address (http instead of https, a moved host).
      return new OpenSolarHttpError(
        "configuration",
        facts,
        status,
        `${where} was redirected (${status}) to ${redirectTarget(facts.location)}; check opensolar:baseUrl (https?). ` +
          "The provider does not follow redirects: set opensolar:baseUrl to the address the API answers on.",
      );
    case status === 401:
      return new OpenSolarHttpError(
        "authentication",
        facts,
        401,
        `${where} was refused (401): the API token is missing, invalid or expired.${answer} ` +
          "Standard OpenSolar user tokens expire after 7 days (machine user tokens do not): get a new one from " +
          "POST /api-token-auth/ and set it with `pulumi config set --secret opensolar:apiToken <token>` " +
          "(or OPENSOLAR_API_TOKEN). Just changed it? `pulumi refresh` and `pulumi destroy` use the settings " +
          "recorded at the last `pulumi up`: add --run-program, or run `pulumi up` first.",
      );
    case status === 403:
      return new OpenSolarHttpError(
        "permission",
        facts,
        403,
        `${where} was forbidden (403): the API token has no access to org ${facts.orgId ?? "(unknown)"}.${answer} ` +
          "Check the orgId input or opensolar:orgId, or use a token of a user of that org.",
      );
    case status === 404:
      return new OpenSolarHttpError(
        "not_found",
        facts,
        404,
        `${where} found nothing (404).${answer} Check the org id and ${noun} id; ` +
          `if the ${noun} was deleted outside Pulumi, run \`pulumi refresh\`.`,
      );
    case status === 400: {
      const fields = faultedProperties(facts.data, vocabulary);
      if (fields.length === 0) {
        const todo = "Check the inputs against the README's rules and run again.";
        return new OpenSolarHttpError("invalid_request", facts, 400, `${where} was rejected as invalid (400).${answer} ${todo}`);
      }
      // The fields are named once; OpenSolar's messages about them are not repeated.
      const held = ` The answer held field errors${answerDetails(facts)}.`;
      const message = `${where} was rejected as invalid (400): OpenSolar found fault with ${fields.join(", ")}.${held} Fix the named inputs and run again.`;
      return new OpenSolarHttpError("invalid_request", facts, 400, message, fields);
    }
    case status === 429:
      return new OpenSolarHttpError(
        "rate_limited",
        facts,
        429,
        `${where} was rate limited (429) and retries ran out.${answer} Wait a minute and run again, ` +
          "or lower the parallelism (`pulumi up --parallel 4`).",
        [],
        facts.retryAfter,
      );
    default:
      return new OpenSolarHttpError(
        "server",
        facts,
        status,
        `${where} failed with HTTP ${status}.${answer} OpenSolar may be having trouble; run again later. ` +
          `Running again is safe: the provider finds ${noun}s it already created.`,
        [],
        facts.retryAfter,
      );
  }
}

/** "an HTML page instead of JSON (text/html, 120 bytes)", "an empty body", ... */
export function describeAnswer(facts: Pick<ResponseFacts, "data" | "contentType" | "bodyLength" | "resource">): string {
  return `${describeBody(facts.data, facts.resource ?? GENERIC)}${answerDetails(facts)}`;
}

/** " (text/html, 120 bytes)", or "" when neither is known. */
function answerDetails(facts: Pick<ResponseFacts, "data" | "contentType" | "bodyLength">): string {
  const details = [mediaType(facts.contentType), byteCount(facts)].filter((part) => part !== undefined);
  return details.length > 0 ? ` (${details.join(", ")})` : "";
}

function describeBody(data: unknown, vocabulary: ResourceVocabulary): string {
  if (data === undefined || data === null) return "an empty body";
  if (typeof data === "string") return /^\s*</.test(data) ? "an HTML page instead of JSON" : "text that is not JSON";
  if (Array.isArray(data)) return `a JSON list of ${data.length} item${data.length === 1 ? "" : "s"}`;
  if (!isRecord(data)) return `a JSON ${typeof data}`;
  const keys = Object.keys(data);
  if (keys.length === 0) return "an empty JSON object";
  if (keys.length === 1 && typeof data["detail"] === "string") return "a JSON error detail";
  return `a JSON object with the field${keys.length === 1 ? "" : "s"} ${listFields(keys, vocabulary)}`;
}

function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "") return undefined;
  return /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/.test(type) ? type : "a malformed content type";
}

function byteCount(facts: Pick<ResponseFacts, "data" | "bodyLength">): string | undefined {
  const bytes = facts.bodyLength ?? (typeof facts.data === "string" ? Buffer.byteLength(facts.data) : undefined);
  if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes < 0) return undefined;
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/** Where a redirect points: the origin only (no path, query or credentials). */
function redirectTarget(location: string | undefined): string {
  if (location === undefined || location.trim() === "") return "an address it did not give";
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    // A relative Location stays on the host the request went to.
    return "another path on the same host";
  }
  return url.protocol === "http:" || url.protocol === "https:" ? `${url.protocol}//${url.host}` : `a ${url.protocol.replace(":", "")} address`;
}

/** The properties a DRF 400 body names (its keys with messages), in our vocabulary. */
function faultedProperties(data: unknown, vocabulary: ResourceVocabulary): string[] {
  if (!isRecord(data)) return [];
  const fields = Object.keys(data).filter((field) => field !== "detail" && hasMessages(data[field]));
  return [...new Set(fields.map((field) => propertyName(field, vocabulary)))].slice(0, MAX_NAMED_FIELDS);
}

function hasMessages(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (typeof value === "string" && value !== "") || isRecord(value);
}

function listFields(keys: readonly string[], vocabulary: ResourceVocabulary): string {
  const names = [...new Set(keys.map((key) => propertyName(key, vocabulary)))];
  const shown = names.slice(0, MAX_NAMED_FIELDS).join(", ");
  return names.length > MAX_NAMED_FIELDS ? `${shown} and ${names.length - MAX_NAMED_FIELDS} more` : shown;
}

function propertyName(field: string, vocabulary: ResourceVocabulary): string {
  if (field === "non_field_errors") return vocabulary.noun;
  return vocabulary.propertyOf[field] ?? (FIELD_NAME.test(field) ? field : "a field with an unusual name");
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
