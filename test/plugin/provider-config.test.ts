import { status } from "@grpc/grpc-js";
import { ConfigureRequest, ConfigureResponse, CreateRequest, CreateResponse, DiffRequest, DiffResponse } from "@pulumi/pulumi/proto/provider_pb";
import type { Simulator } from "../../simulator";
import { startSimulator } from "../../simulator";
import { onlyWebhook } from "../../testkit/test-simulator";
import { secret, SECRET_SIGNATURE, SIGNATURE_KEY, toStruct } from "../../provider/plugin/properties";
import { PluginProcess, providerUrn, rawProperty, WEBHOOK } from "./plugin-process";

// The provider's own settings: CheckConfig names each bad property without its value,
// Configure honours explicit arguments (one plugin process per provider: two providers, two
// tokens, two orgs), and a refused token names the provider that holds it.

const TOKEN_41 = "token-org41-8f2d6a1c";
const TOKEN_42 = "token-org42-3b9e7d05";
const ENDPOINT = "https://crm.example.com/hooks/opensolar";

let simulator: Simulator;
const plugins: PluginProcess[] = [];

async function plugin(): Promise<PluginProcess> {
  const started = await PluginProcess.start();
  plugins.push(started);
  return started;
}

beforeEach(async () => {
  simulator = await startSimulator({ tokens: { [TOKEN_41]: [41], [TOKEN_42]: [42] } });
});

afterEach(async () => {
  for (const started of plugins.splice(0)) {
    await started.stop();
    for (const token of [TOKEN_41, TOKEN_42]) expect(started.stderr).not.toContain(token);
  }
  await simulator.close();
});

test("CheckConfig names each bad setting, never quotes its value, and keeps the token secret", async () => {
  const provider = await plugin();
  const good = await provider.checkConfig("org41", { apiToken: TOKEN_41, baseUrl: simulator.url, orgId: "41", timeoutMs: 5000, debug: "true" });
  expect(good.getFailuresList()).toEqual([]);
  const token = rawProperty(good.getInputs(), "apiToken") as Record<string, unknown>;
  expect(token[SIGNATURE_KEY]).toBe(SECRET_SIGNATURE);

  const bad = await provider.checkConfig("org41", {
    apiToken: "has a space-9f8e",
    baseUrl: "not-a-url-7c6b",
    orgId: "forty-one",
    timeoutMs: -5,
    maxRetries: "2.5",
    maxConcurrency: 0,
    debug: "perhaps",
    apiTokn: "misspelt-value-4d3c",
  });
  const failures = bad.getFailuresList().map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() }));
  expect(failures.map((failure) => failure.property).sort()).toEqual(
    ["", "apiToken", "baseUrl", "debug", "maxConcurrency", "maxRetries", "orgId", "timeoutMs"].sort(),
  );
  const text = JSON.stringify(failures);
  for (const value of ["has a space-9f8e", "not-a-url-7c6b", "forty-one", "perhaps", "misspelt-value-4d3c"]) expect(text).not.toContain(value);
  expect(text).toContain("apiTokn");
});

test("DiffConfig: a new token is an update of the provider, never a replacement", async () => {
  const provider = await plugin();
  const diff = (olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResponse> =>
    provider.call<DiffRequest, DiffResponse>(
      provider.client.diffConfig,
      new DiffRequest().setUrn(providerUrn("org41")).setOlds(toStruct(olds)).setNews(toStruct(news)),
    );
  const same = await diff({ apiToken: secret(TOKEN_41), orgId: "41" }, { apiToken: secret(TOKEN_41), orgId: "41" });
  expect(same.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);
  const rotated = await diff({ apiToken: secret(TOKEN_41), orgId: "41" }, { apiToken: secret(TOKEN_42), orgId: "41" });
  expect(rotated.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_SOME);
  expect(rotated.getDiffsList()).toEqual(["apiToken"]);
  expect(rotated.getReplacesList()).toEqual([]);
});

// Each token is bound to its org alone: a plugin that used the other's token would be refused.
test("two providers, two tokens, two orgs: each plugin process uses its own", async () => {
  const first = await plugin();
  const second = await plugin();
  await first.configure("org41", { apiToken: TOKEN_41, baseUrl: simulator.url, orgId: 41 });
  await second.configure("org42", { apiToken: TOKEN_42, baseUrl: simulator.url, orgId: 42 });
  const inFirst = await first.create(WEBHOOK, "a", (await first.check(WEBHOOK, "a", { endpoint: ENDPOINT })).inputs);
  const inSecond = await second.create(WEBHOOK, "b", (await second.check(WEBHOOK, "b", { endpoint: ENDPOINT })).inputs);
  expect(inFirst.outs["orgId"]).toBe(41);
  expect(inSecond.outs["orgId"]).toBe(42);
  expect(String(onlyWebhook(simulator, 41).id)).toBe(inFirst.id);
  expect(String(onlyWebhook(simulator, 42).id)).toBe(inSecond.id);
});

test("the deprecated variables map configures the provider too", async () => {
  const provider = await plugin();
  const request = new ConfigureRequest().setAcceptsecrets(true).setName("legacy").setType("pulumi:providers:opensolar");
  const variables = request.getVariablesMap();
  variables.set("opensolar:config:apiToken", TOKEN_42);
  variables.set("opensolar:config:baseUrl", simulator.url);
  variables.set("opensolar:config:orgId", "42");
  await provider.call<ConfigureRequest, ConfigureResponse>(provider.client.configure, request);
  const created = await provider.create(WEBHOOK, "c", (await provider.check(WEBHOOK, "c", { endpoint: ENDPOINT })).inputs);
  expect(String(onlyWebhook(simulator, 42).id)).toBe(created.id);
});

test("a refused token names the provider that holds it, and never the token", async () => {
  const provider = await plugin();
  await provider.configure("org42", { apiToken: TOKEN_42, baseUrl: simulator.url, orgId: 42 });
  simulator.revokeToken(TOKEN_42);
  const { inputs } = await provider.check(WEBHOOK, "b", { endpoint: ENDPOINT });
  const refused = await provider.failing<CreateRequest, CreateResponse>(
    provider.client.create,
    new CreateRequest().setUrn("urn:pulumi:dev::plugin-tests::opensolar:index:Webhook::b").setType(WEBHOOK).setProperties(toStruct(inputs)),
  );
  expect(refused.code).toBe(status.UNAUTHENTICATED);
  expect(refused.details).toMatch(/401/);
  expect(refused.details).toContain('provider "org42"');
  expect(refused.details).not.toContain(TOKEN_42);
});

test("Configure refuses a bad setting, naming the provider", async () => {
  const provider = await plugin();
  const refused = await provider.failing<ConfigureRequest, ConfigureResponse>(
    provider.client.configure,
    new ConfigureRequest().setArgs(toStruct({ apiToken: secret(TOKEN_41), orgId: "zero" })).setName("org41").setType("pulumi:providers:opensolar"),
  );
  expect(refused.code).toBe(status.FAILED_PRECONDITION);
  expect(refused.details).toMatch(/orgId/);
  expect(refused.details).toContain('provider "org41"');
});
