import * as pulumi from "@pulumi/pulumi";
import { buildTestDelivery, DEFAULT_SECRET_HEADER, type TestDeliveryOptions } from "pulumi-opensolar/receiver";
import { HEADER_NAME_VARIABLE, SECRETS_VARIABLE } from "../../examples/with-receiver/lambda/environment";
import {
  createFunctionUrlHandler,
  handler as lambdaEntry,
  logDelivery,
  receiverOptionsFromEnvironment,
  type FunctionUrlEvent,
} from "../../examples/with-receiver/lambda/handler";
import { declareReceiverAndWebhook, type ReceiverAndWebhook } from "../../examples/with-receiver/receiver-and-webhook";
import { providerLoadedFrom } from "../../provider/core/lazy-provider";
import { valueOf } from "../../testkit/output-value";

const secretProvider = providerLoadedFrom("pulumi-opensolar/internal/webhook-secret-provider");

const FUNCTION_URL = "https://abcdefghijklmnopqrstuvwxyz123456.lambda-url.eu-west-1.on.aws/";
const WEBHOOK_TYPE = "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook";
const SECRET_TYPE = "pulumi-nodejs:dynamic/opensolar:WebhookSecret";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

// Mocks do not run the dynamic providers' CRUD. The WebhookSecret's state comes from its real
// provider (a secret made by create; a declared rotation is an update from "initial", as a
// stack that rotated has it), so what the webhook sends and what the Lambda accepts come
// from the same secret only if the program wires them so. The outputs come back as plain
// values here, on purpose: the program must make the Lambda environment secret itself.
const registered: Registered[] = [];

async function secretState(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const checked = async (news: Record<string, unknown>) => (await secretProvider.check!({}, news)).inputs as Record<string, unknown>;
  const declared = await checked(inputs);
  const created = await secretProvider.create(await checked({ ...declared, rotation: "initial", retirePrevious: false }));
  if (declared["rotation"] === "initial" && declared["retirePrevious"] !== true) return created.outs as Record<string, unknown>;
  return (await secretProvider.update!(created.id, created.outs, declared)).outs as Record<string, unknown>;
}

async function mockState(args: pulumi.runtime.MockResourceArgs): Promise<Record<string, unknown>> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case SECRET_TYPE:
      return secretState(inputs);
    case WEBHOOK_TYPE:
      return { ...inputs, webhookId: 4242, url: "https://api.opensolar.com/api/orgs/1/webhooks/4242/" };
    case "aws:iam/role:Role":
      return { ...inputs, name: `${args.name}-role`, arn: `arn:aws:iam::123456789012:role/${args.name}` };
    case "aws:lambda/function:Function":
      return { ...inputs, name: `${args.name}-fn`, arn: `arn:aws:lambda:eu-west-1:123456789012:function:${args.name}` };
    case "aws:lambda/functionUrl:FunctionUrl":
      return { ...inputs, functionUrl: FUNCTION_URL, urlId: "abcdefghijklmnopqrstuvwxyz123456" };
    default:
      return inputs;
  }
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: await mockState(args) };
      },
      call: (args) => args.inputs,
    },
    "opensolar-with-receiver",
    "test",
  );
});

/** The graph once every resource has registered (the webhook is the last to). */
async function declared(name: string, rotation?: string, headerName?: string): Promise<ReceiverAndWebhook> {
  const graph = declareReceiverAndWebhook({
    name,
    ...(headerName === undefined ? {} : { headerName }),
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }),
    ...(rotation === undefined ? {} : { rotation }),
  });
  await valueOf(graph.webhook.webhookId);
  return graph;
}

function registration(type: string, name: string): Registered {
  const found = registered.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`${type} ${name} was not registered`);
  return found;
}

/** A registered input's plain value, and whether it reached the engine as a secret. */
function revealed(input: unknown): { secret: boolean; value: unknown } {
  const fields = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  return fields[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? { secret: true, value: fields["value"] } : { secret: false, value: input };
}

/** What the program gave the webhook (the headers it sends) and the Lambda (the header it reads, the secrets it accepts). */
function bothSides(name: string) {
  const headers = revealed(registration(WEBHOOK_TYPE, name).inputs["headers"]);
  const environment = revealed(registration("aws:lambda/function:Function", `${name}-receiver`).inputs["environment"]);
  const variables = (environment.value as { variables?: Record<string, string> } | undefined)?.variables ?? {};
  return {
    sent: headers.value as Record<string, string>,
    sentAsSecret: headers.secret,
    acceptedHeader: variables[HEADER_NAME_VARIABLE],
    accepted: JSON.parse(variables[SECRETS_VARIABLE] ?? "null") as string[],
    acceptedAsSecret: environment.secret,
  };
}

describe("the with-receiver program's resource graph", () => {
  it("points the webhook at the Function URL", async () => {
    await declared("endpoint");
    expect(registration(WEBHOOK_TYPE, "endpoint").inputs["endpoint"]).toBe(FUNCTION_URL);
  });

  it("sends the one secret the Lambda accepts, in the header it reads, both as secrets", async () => {
    await declared("headers");
    const { sent, sentAsSecret, acceptedHeader, accepted, acceptedAsSecret } = bothSides("headers");
    expect(acceptedHeader).toBe(DEFAULT_SECRET_HEADER);
    expect(Object.keys(sent)).toEqual([DEFAULT_SECRET_HEADER]);
    expect(accepted).toEqual([sent[DEFAULT_SECRET_HEADER]]);
    expect(sentAsSecret).toBe(true);
    expect(acceptedAsSecret).toBe(true);
  });

  it("while rotating, the Lambda accepts the previous secret too; the webhook sends the new one", async () => {
    await declared("rotating", "2026-06");
    expect(registration(SECRET_TYPE, "rotating-secret").inputs["rotation"]).toBe("2026-06");
    const { sent, accepted } = bothSides("rotating");
    expect(new Set(accepted).size).toBe(2);
    expect(accepted[0]).toBe(sent[DEFAULT_SECRET_HEADER]);
  });

  it("names the same header on both sides when it is not the default", async () => {
    await declared("custom-header", undefined, "X-Crm-Hook");
    expect(registration(SECRET_TYPE, "custom-header-secret").inputs["headerName"]).toBe("X-Crm-Hook");
    const { sent, acceptedHeader, accepted } = bothSides("custom-header");
    expect(acceptedHeader).toBe("X-Crm-Hook");
    expect(Object.keys(sent)).toEqual(["X-Crm-Hook"]);
    expect(accepted).toEqual([sent["X-Crm-Hook"]]);
  });

  it("registers the webhook only after the Lambda that accepts its secret", async () => {
    await declared("order");
    const names = registered.map((r) => `${r.type} ${r.name}`);
    const lambda = names.indexOf("aws:lambda/function:Function order-receiver");
    const url = names.indexOf("aws:lambda/functionUrl:FunctionUrl order-receiver");
    const webhook = names.indexOf(`${WEBHOOK_TYPE} order`);
    expect(lambda).toBeGreaterThanOrEqual(0);
    expect(url).toBeGreaterThan(lambda);
    expect(webhook).toBeGreaterThan(url);
  });

  it("declares the CRM trigger and payload fields", async () => {
    await declared("fields");
    const { inputs } = registration(WEBHOOK_TYPE, "fields");
    expect(inputs["triggerFields"]).toEqual(["project.stage", "project.system_sold", "project.sold_date", "project.installation_date", "contact.*"]);
    expect(inputs["payloadFields"]).toEqual([
      "project.id",
      "project.identifier",
      "project.stage",
      "project.system_sold",
      "project.sold_date",
      "project.installation_date",
      "project.contacts_data.id",
      "project.contacts_data.email",
      "contact.*",
    ]);
  });

  it("opens the Function URL without IAM auth, on the receiver Lambda", async () => {
    await declared("url");
    expect(registration("aws:lambda/functionUrl:FunctionUrl", "url-receiver").inputs).toMatchObject({
      authorizationType: "NONE",
      functionName: "url-receiver-fn",
    });
    const lambda = registration("aws:lambda/function:Function", "url-receiver").inputs;
    expect(lambda).toMatchObject({ handler: "index.handler", runtime: "nodejs22.x" });
  });
});

const EVENT_BASE: Omit<FunctionUrlEvent, "headers" | "body"> = {
  rawPath: "/",
  rawQueryString: "",
  isBase64Encoded: false,
  requestContext: { domainName: "abcdefghijklmnopqrstuvwxyz123456.lambda-url.eu-west-1.on.aws", http: { method: "POST" } },
};

/** A Function URL event carrying a delivery; header names lower-cased, as Function URLs pass them. */
function functionUrlEvent(options: TestDeliveryOptions, body?: string): FunctionUrlEvent {
  const delivery = buildTestDelivery(options);
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { ...EVENT_BASE, headers, body: body ?? delivery.body };
}

describe("the with-receiver Lambda handler", () => {
  let logged: string[];
  let log: jest.SpyInstance;

  beforeEach(() => {
    logged = [];
    log = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  });
  afterEach(() => log.mockRestore());

  const receive = createFunctionUrlHandler({ secrets: ["new-secret", "old-secret"] }, logDelivery);

  it("answers 200 to the current secret and logs the model, event and ids, not the secret", async () => {
    const result = await receive(
      functionUrlEvent({
        secret: "new-secret",
        payload: { model: "Project", model_id: 7, event: "UPDATE", event_id: 99, identifier: "p-7" },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ received: true });
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] ?? "")).toEqual({
      message: "OpenSolar delivery",
      model: "Project",
      event: "UPDATE",
      modelId: 7,
      eventId: 99,
      identifier: "p-7",
    });
    expect(logged.join("\n")).not.toContain("new-secret");
  });

  it("answers 200 to the previous secret during a rotation", async () => {
    expect((await receive(functionUrlEvent({ secret: "old-secret" }))).statusCode).toBe(200);
  });

  it("answers 401 to a wrong or missing secret, and hands nothing over", async () => {
    const wrong = await receive(functionUrlEvent({ secret: "guessed" }));
    expect(wrong.statusCode).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({ error: "unauthorized" });
    const missing = functionUrlEvent({ secret: "new-secret" });
    delete missing.headers?.["x-opensolar-webhook-secret"];
    expect((await receive(missing)).statusCode).toBe(401);
    expect(logged).toEqual([]);
  });

  it("refuses the old secret once it is retired", async () => {
    const retired = createFunctionUrlHandler({ secrets: ["new-secret"] }, logDelivery);
    expect((await retired(functionUrlEvent({ secret: "old-secret" }))).statusCode).toBe(401);
  });

  it("answers 400 to a malformed body", async () => {
    const notJson = await receive(functionUrlEvent({ secret: "new-secret" }, "{not json"));
    expect(notJson.statusCode).toBe(400);
    const badModel = await receive(functionUrlEvent({ secret: "new-secret", payload: { model: "Site" as never } }));
    expect(badModel.statusCode).toBe(400);
    expect(JSON.parse(badModel.body)).toMatchObject({ error: "malformed payload", problems: [{ path: "model" }] });
    expect(logged).toEqual([]);
  });

  it("decodes a base64 body, as Function URLs may send it", async () => {
    const event = functionUrlEvent({ secret: "new-secret" });
    const encoded = { ...event, body: Buffer.from(event.body ?? "").toString("base64"), isBase64Encoded: true };
    expect((await receive(encoded)).statusCode).toBe(200);
  });

  it("answers 405 to anything but POST", async () => {
    const event = {
      ...functionUrlEvent({ secret: "new-secret" }),
      requestContext: { ...EVENT_BASE.requestContext, http: { method: "GET" } },
    };
    const result = await receive(event);
    expect(result.statusCode).toBe(405);
    expect(result.headers["allow"]).toBe("POST");
  });

  it("reads the accepted secrets and the header name from the environment the program sets", () => {
    expect(receiverOptionsFromEnvironment({ [SECRETS_VARIABLE]: '["a","b"]', [HEADER_NAME_VARIABLE]: "X-Hook" })).toEqual({
      secrets: ["a", "b"],
      headerName: "X-Hook",
    });
    expect(receiverOptionsFromEnvironment({ [SECRETS_VARIABLE]: '["a"]' })).toEqual({ secrets: ["a", undefined] });
  });

  it("refuses a bad environment without repeating the value", () => {
    for (const value of [undefined, "", "not-json-s3cr3t", '"s3cr3t"', "[]", '["s3cr3t",""]', '["a","b","s3cr3t"]', "[1]"]) {
      const env = value === undefined ? {} : { [SECRETS_VARIABLE]: value };
      expect(() => receiverOptionsFromEnvironment(env)).toThrow(SECRETS_VARIABLE);
      try {
        receiverOptionsFromEnvironment(env);
      } catch (error) {
        expect((error as Error).message).not.toContain("s3cr3t");
      }
    }
  });

  it("is what Lambda calls: `handler` configures itself from process.env", async () => {
    const saved = process.env[SECRETS_VARIABLE];
    process.env[SECRETS_VARIABLE] = JSON.stringify(["env-current", "env-previous"]);
    try {
      expect((await lambdaEntry(functionUrlEvent({ secret: "env-previous" }))).statusCode).toBe(200);
      expect((await lambdaEntry(functionUrlEvent({ secret: "new-secret" }))).statusCode).toBe(401);
    } finally {
      if (saved === undefined) delete process.env[SECRETS_VARIABLE];
      else process.env[SECRETS_VARIABLE] = saved;
    }
  });
});
