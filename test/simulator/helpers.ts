import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator";

/**
 * The simulator's own default token (bound to org 1), written out rather than taken from
 * simulator/options.ts so that these tests notice when the default changes. Not testkit's
 * TOKEN: that account (orgs 41 and 42) is the provider tests'.
 */
export const TOKEN = "sim-token";

/** The smallest valid create body. */
export const MINIMAL_WEBHOOK = Object.freeze({ endpoint: "https://receiver.test/hook", enabled: true, debug: false });

/** The simulator's HTTP response as a test reads it. */
export interface SimulatorReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON (undefined when empty). */
  body: any;
  text: string;
}

export interface CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with the content type in `headers` (default application/json). */
  rawBody?: string;
  /** Bearer token; null sends no Authorization header. @default TOKEN */
  token?: string | null;
  headers?: Record<string, string>;
}

/** One real HTTP request to the simulator; redirects are not followed. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<SimulatorReply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers["authorization"] ??= `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    body = options.rawBody ?? JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const init: RequestInit = { method, headers, redirect: "manual" };
  if (body !== undefined) init.body = body;
  const response = await fetch(`${sim.url}${path}`, init);
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Creates a webhook through the API and returns the answer's body. */
export async function create(sim: Simulator, orgId = 1, fields: Record<string, unknown> = {}): Promise<any> {
  const answer = await call(sim, "POST", `/api/orgs/${orgId}/webhooks/`, { body: { ...MINIMAL_WEBHOOK, ...fields } });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** A fresh simulator for every test, closed afterwards; read it inside tests. */
export function useSimulator(options?: SimulatorOptions): () => Simulator {
  let sim: Simulator | undefined;
  beforeEach(async () => {
    sim = await startSimulator(options);
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  return () => {
    if (!sim) throw new Error("the simulator is only available inside a test");
    return sim;
  };
}

/** A control-route request: no auth needed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function control(sim: Simulator, method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  const response = await fetch(`${sim.url}/__simulator${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as any) };
}
