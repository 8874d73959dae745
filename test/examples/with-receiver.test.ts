import * as pulumi from "@pulumi/pulumi";
import { buildTestDelivery, type TestDeliveryOptions } from "pulumi-opensolar/receiver";
import { HEADER_NAME_VARIABLE, SECRETS_VARIABLE } from "../../examples/with-receiver/lambda/environment";
import {
  createFunctionUrlHandler,
  handler as lambdaEntry,
  logDelivery,
  receiverOptionsFromEnvironment,
  type FunctionUrlEvent,
} from "../../examples/with-receiver/lambda/handler";
import {
  CRM_PAYLOAD_FIELDS,
  CRM_TRIGGER_FIELDS,
  declareReceiverAndWebhook,
  type ReceiverAndWebhook,
} from "../../examples/with-receiver/receiver-and-webhook";

const FUNCTION_URL = "https://abcdefghijklmnopqrstuvwxyz123456.lambda-url.eu-west-1.on.aws/";
const HEADER = "X-OpenSolar-Webhook-Secret";
const CURRENT = "current-secret-from-the-mock";
const PREVIOUS = "previous-secret-from-the-mock";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

// Mocks do not run the dynamic providers' CRUD, so the mock plays their part. The
// WebhookSecret's outputs come back as plain values here, on purpose: the program must make
// the Lambda environment and the webhook headers secret itself, whatever the engine does
// with the WebhookSecret's own additionalSecretOutputs.
const registered: Registered[] = [];

function mockState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case "pulumi-nodejs:dynamic/opensolar:WebhookSecret": {
      const rotated = inputs["rotation"] !== "initial" && inputs["retirePrevious"] !== true;
      const headerName = typeof inputs["headerName"] === "string" ? inputs["headerName"] : HEADER;
      return {
        ...inputs,
        current: CURRENT,
        ...(rotated ? { previous: PREVIOUS } : {}),
        headerName,
        headers: { [headerName]: CURRENT },
        acceptedSecrets: rotated ? [CURRENT, PREVIOUS] : [CURRENT],
      };
    }
    case "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook":
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
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: mockState(args) };
      },
      call: (args) => args.inputs,
    },
    "opensolar-with-receiver",
    "test",
  );
});

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

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

describe("the with-receiver program's resource graph", () => {
  it("points the webhook at the Function URL", async () => {
    const { webhook, functionUrl } = await declared("endpoint");
    expect(await valueOf(functionUrl.functionUrl)).toBe(FUNCTION_URL);
    expect(await valueOf(webhook.endpoint)).toBe(FUNCTION_URL);
    expect(registration("pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook", "endpoint").inputs["endpoint"]).toBe(FUNCTION_URL);
  });

  it("sends the secret's headers with the webhook, as a secret", async () => {
    const { webhook, secret } = await declared("headers");
    expect(await valueOf(webhook.headers)).toEqual(await valueOf(secret.headers));
    expect(await valueOf(webhook.headers)).toEqual({ [HEADER]: CURRENT });
    expect(await pulumi.isSecret(webhook.headers)).toBe(true);
  });

  it("gives the Lambda the accepted secrets, as a secret", async () => {
    const { receiver } = await declared("environment");
    const variables = (await valueOf(receiver.environment))?.variables ?? {};
    expect(JSON.parse(variables[SECRETS_VARIABLE] ?? "null")).toEqual([CURRENT]);
    expect(variables[HEADER_NAME_VARIABLE]).toBe(HEADER);
    expect(await pulumi.isSecret(receiver.environment)).toBe(true);
  });

  it("lets the Lambda accept the previous secret too while rotating, and passes the rotation through", async () => {
    const { receiver } = await declared("rotating", "2026-06");
    expect(registration("pulumi-nodejs:dynamic/opensolar:WebhookSecret", "rotating-secret").inputs["rotation"]).toBe("2026-06");
    const variables = (await valueOf(receiver.environment))?.variables ?? {};
    expect(JSON.parse(variables[SECRETS_VARIABLE] ?? "null")).toEqual([CURRENT, PREVIOUS]);
  });

  it("names the same header on both sides when it is not the default", async () => {
    const { webhook, receiver } = await declared("custom-header", undefined, "X-Crm-Hook");
    const secretInputs = registration("pulumi-nodejs:dynamic/opensolar:WebhookSecret", "custom-header-secret").inputs;
    expect(secretInputs["headerName"]).toBe("X-Crm-Hook");
    expect(Object.keys(await valueOf(webhook.headers))).toEqual(["X-Crm-Hook"]);
    expect((await valueOf(receiver.environment))?.variables?.[HEADER_NAME_VARIABLE]).toBe("X-Crm-Hook");
  });

  it("registers the webhook only after the Lambda that accepts its secret", async () => {
    await declared("order");
    const names = registered.map((r) => `${r.type} ${r.name}`);
    const lambda = names.indexOf("aws:lambda/function:Function order-receiver");
    const url = names.indexOf("aws:lambda/functionUrl:FunctionUrl order-receiver");
    const webhook = names.indexOf("pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook order");
    expect(lambda).toBeGreaterThanOrEqual(0);
    expect(url).toBeGreaterThan(lambda);
    expect(webhook).toBeGreaterThan(url);
  });

  it("declares the CRM trigger and payload fields", async () => {
    const { webhook } = await declared("fields");
    expect(await valueOf(webhook.triggerFields)).toEqual([
      "project.stage",
      "project.system_sold",
      "project.sold_date",
      "project.installation_date",
      "contact.*",
    ]);
    expect(await valueOf(webhook.triggerFields)).toEqual(CRM_TRIGGER_FIELDS);
    expect(await valueOf(webhook.payloadFields)).toEqual(CRM_PAYLOAD_FIELDS);
    expect(CRM_PAYLOAD_FIELDS).toEqual(expect.arrayContaining(["project.id", "project.stage", "contact.*"]));
  });

  it("opens the Function URL without IAM auth, on the receiver Lambda", async () => {
    const { functionUrl, receiver } = await declared("url");
    expect(await valueOf(functionUrl.authorizationType)).toBe("NONE");
    expect(await valueOf(functionUrl.functionName)).toBe(await valueOf(receiver.name));
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
