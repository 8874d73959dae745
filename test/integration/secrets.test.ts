import type { Simulator } from "pulumi-opensolar/simulator";
import { webhookProvider as provider } from "pulumi-opensolar/testing";
import { ORG, TOKEN } from "../../testkit/test-simulator";
import { startProviderSimulator } from "./provider-env";

// No error and no log line may carry the API token or a header value, whatever fails.
// Debug logging is on and every byte the provider writes to stderr is kept.

const HEADER_VALUE = "whsec-header-value-91c3e7";
let simulator: Simulator;
let printed: string[];
let stderr: jest.SpyInstance;

beforeAll(async () => {
  simulator = await startProviderSimulator();
  process.env["OPENSOLAR_DEBUG"] = "1";
  process.env["OPENSOLAR_MAX_RETRIES"] = "1";
});
afterAll(async () => {
  delete process.env["OPENSOLAR_DEBUG"];
  delete process.env["OPENSOLAR_MAX_RETRIES"];
  await simulator.close();
});
beforeEach(() => {
  printed = [];
  stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  stderr.mockRestore();
  simulator.clearFaults();
  simulator.setToken(TOKEN, [ORG]);
});

async function declared(): Promise<Record<string, unknown>> {
  const result = await provider.check!({}, {
    endpoint: "https://hooks.example.com/leak",
    headers: { Authorization: `Token ${HEADER_VALUE}` },
  });
  return result.inputs as Record<string, unknown>;
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(HEADER_VALUE);
}

async function failureText(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    // Everything an error exposes: message, stack, own properties, cause.
    return [e.message, e.stack, JSON.stringify(e), String(e["cause"] ?? "")].join("\n");
  }
  throw new Error("expected a failure");
}

const webhooksPath = `/api/orgs/${ORG}/webhooks/`;
const scenarios: Array<[string, () => void]> = [
  ["the token expired (401)", () => simulator.revokeToken(TOKEN)],
  ["the token has no access to the org (403)", () => simulator.setToken(TOKEN, [ORG + 100])],
  ["the server echoes the token and the headers in an error", () =>
    simulator.addFault({
      method: "POST",
      status: 400,
      rawBody: JSON.stringify({ detail: `Bearer ${TOKEN}`, headers: [`bad value Token ${HEADER_VALUE}`] }),
    })],
  ["the server answers an HTML page holding the secrets", () =>
    simulator.addFault({ method: "POST", status: 500, rawBody: `<html>${TOKEN} ${HEADER_VALUE}</html>`, contentType: "text/html" })],
  ["the connection keeps resetting", () => simulator.addFault({ path: webhooksPath, reset: true })],
  ["the answer is not a webhook", () =>
    simulator.addFault({ method: "POST", status: 201, rawBody: JSON.stringify({ echoed: HEADER_VALUE }) })],
];

describe("secrets never reach errors or logs", () => {
  it.each(scenarios)("create when %s", async (_name, inject) => {
    inject();
    const text = await failureText(async () => provider.create(await declared()));
    expectNoSecret(text);
    expectNoSecret(printed.join(""));
    expect(printed.join("")).toMatch(new RegExp(`pulumi-opensolar debug: (GET|POST) /api/orgs/${ORG}/webhooks/`));
  });

  it("on update, read and delete failures too", async () => {
    const created = await provider.create(await declared());
    simulator.revokeToken(TOKEN);
    const news = { ...(await declared()), enabled: false };
    expectNoSecret(await failureText(() => provider.update!(created.id, created.outs, news)));
    expectNoSecret(await failureText(() => provider.read!(created.id, created.outs)));
    expectNoSecret(await failureText(() => provider.delete!(created.id, created.outs)));
    expectNoSecret(printed.join(""));
  });

  it("the 401 message says what happened and what to do", async () => {
    simulator.revokeToken(TOKEN);
    const text = await failureText(async () => provider.create(await declared()));
    expect(text).toMatch(new RegExp(`(GET|POST) /api/orgs/${ORG}/webhooks/ was refused \\(401\\).*7 days`));
  });
});
