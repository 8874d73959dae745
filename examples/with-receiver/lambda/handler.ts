// The Lambda behind the webhook's Function URL. It turns the Function URL event into a fetch
// `Request`, lets `createFetchHandler` check the shared secret and the payload, and turns the
// `Response` back into the Function URL's result. Bundled into lambda/dist/index.js by
// `npm run build` (see the README); Lambda calls its `handler` export.

import { createFetchHandler, type FetchHandlerOptions, type PayloadHandler, type WebhookPayload } from "pulumi-opensolar/receiver";
import { HEADER_NAME_VARIABLE, SECRETS_VARIABLE } from "./environment";

/** The part of a Function URL event (payload format 2.0) that a delivery needs. */
export interface FunctionUrlEvent {
  rawPath: string;
  rawQueryString?: string;
  /** Lower-cased names; repeated headers arrive joined with commas. */
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { domainName: string; http: { method: string } };
}

/** What a Function URL turns into the HTTP answer. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type FunctionUrlHandler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

/** Where a CRM sync would start. It logs what arrived, never a header (the secret) nor `fields` (contact details). */
export function logDelivery(payload: WebhookPayload): void {
  console.log(
    JSON.stringify({
      message: "OpenSolar delivery",
      model: payload.model,
      event: payload.event,
      modelId: payload.model_id,
      eventId: payload.event_id,
      identifier: payload.identifier,
    }),
  );
}

/**
 * A Function URL handler around `createFetchHandler`. The payload handler is awaited by
 * default: Lambda freezes the function once the result is returned, so work left running
 * after the answer might never finish.
 */
export function createFunctionUrlHandler(options: FetchHandlerOptions, onPayload: PayloadHandler): FunctionUrlHandler {
  const handle = createFetchHandler({ awaitHandler: true, ...options }, onPayload);
  return async (event) => {
    let request: Request;
    try {
      request = toRequest(event);
    } catch {
      // A header value or method that fetch refuses: nothing a real delivery sends.
      return { statusCode: 400, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"error":"bad request"}' };
    }
    return toResult(await handle(request));
  };
}

/** The receiver's options from the Lambda's environment. Errors name the variable, never its value. */
export function receiverOptionsFromEnvironment(env: NodeJS.ProcessEnv): FetchHandlerOptions {
  const text = env[SECRETS_VARIABLE];
  const problem =
    `${SECRETS_VARIABLE} must be a JSON array of one or two non-empty strings ` +
    "(the current secret, then the previous one while rotating)";
  if (text === undefined || text === "") throw new Error(`${SECRETS_VARIABLE} is not set: ${problem}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${SECRETS_VARIABLE} is not JSON: ${problem}.`);
  }
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === "string" && item !== "")) {
    throw new Error(`${problem}.`);
  }
  const [current, previous, ...rest] = parsed;
  if (current === undefined || rest.length > 0) throw new Error(`${problem}.`);
  const headerName = env[HEADER_NAME_VARIABLE];
  return {
    secrets: [current, previous],
    ...(headerName === undefined || headerName === "" ? {} : { headerName }),
  };
}

export function toRequest(event: FunctionUrlEvent): Request {
  const method = event.requestContext.http.method;
  const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name, value);
  }
  const init: RequestInit = { method, headers };
  if (event.body !== undefined && method !== "GET" && method !== "HEAD") {
    init.body = event.isBase64Encoded === true ? new Uint8Array(Buffer.from(event.body, "base64")) : event.body;
  }
  return new Request(`https://${event.requestContext.domainName}${event.rawPath}${query}`, init);
}

export async function toResult(response: Response): Promise<FunctionUrlResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { statusCode: response.status, headers, body: await response.text() };
}

let configured: FunctionUrlHandler | undefined;

/** Lambda's entry point (`index.handler`). The environment is read once, on the first event. */
export async function handler(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  configured ??= createFunctionUrlHandler(receiverOptionsFromEnvironment(process.env), logDelivery);
  return configured(event);
}
