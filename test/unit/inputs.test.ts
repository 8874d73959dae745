import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../../provider/defaults";
import { checkInputs, endpointProblem } from "../../provider/inputs";
import { UNKNOWN } from "../../provider/unknown";

const valid = { endpoint: "https://hooks.example.com/opensolar", orgId: 7 };

function failuresOf(raw: Record<string, unknown>, defaultOrgId?: number) {
  const outcome = checkInputs(raw, defaultOrgId);
  if (outcome.ok) throw new Error("expected failures");
  return outcome.failures;
}

function inputsOf(raw: Record<string, unknown>, defaultOrgId?: number) {
  const outcome = checkInputs(raw, defaultOrgId);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

describe("checkInputs defaults", () => {
  it("fills in the documented defaults for lists, flags and headers", () => {
    expect(inputsOf(valid)).toEqual({
      orgId: 7,
      endpoint: valid.endpoint,
      headers: {},
      enabled: true,
      debug: false,
      triggerFields: [...DEFAULT_TRIGGER_FIELDS],
      payloadFields: [...DEFAULT_PAYLOAD_FIELDS],
      allowInsecureEndpoint: false,
      onDelete: "delete",
    });
  });

  it("treats null like undefined (Pulumi may send either)", () => {
    expect(inputsOf({ ...valid, triggerFields: null, headers: null })["triggerFields"]).toEqual([...DEFAULT_TRIGGER_FIELDS]);
  });

  it("takes the org from settings when the input is absent, and the input wins", () => {
    expect(inputsOf({ endpoint: valid.endpoint }, 3)["orgId"]).toBe(3);
    expect(inputsOf({ ...valid }, 3)["orgId"]).toBe(7);
  });

  it("removes repeated field paths but keeps the order written", () => {
    expect(inputsOf({ ...valid, triggerFields: ["project.stage", "contact.*", "project.stage"] })["triggerFields"]).toEqual([
      "project.stage",
      "contact.*",
    ]);
  });

  it("drops the serialized provider from what it validates", () => {
    expect(inputsOf({ ...valid, __provider: "exports.handler = ..." })).not.toHaveProperty("__provider");
  });
});

describe("checkInputs failures name the property", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["missing endpoint", { orgId: 1 }, "endpoint", /endpoint is required/],
    ["endpoint not a string", { ...valid, endpoint: 42 }, "endpoint", /endpoint/],
    ["relative endpoint", { ...valid, endpoint: "/hooks" }, "endpoint", /not an absolute URL/],
    ["ftp endpoint", { ...valid, endpoint: "ftp://example.com/x" }, "endpoint", /scheme "ftp"/],
    ["http to a public host", { ...valid, endpoint: "http://example.com/x" }, "endpoint", /allowInsecureEndpoint/],
    // Named in the reason only: the engine prints the value of a property a failure names.
    ["credentials in the URL", { ...valid, endpoint: "https://user:pw@example.com/x" }, "", /^endpoint contains credentials/],
    ["fragment", { ...valid, endpoint: "https://example.com/x#frag" }, "endpoint", /fragment/],
    ["orgId zero", { ...valid, orgId: 0 }, "orgId", /orgId must be positive/],
    ["orgId fraction", { ...valid, orgId: 1.5 }, "orgId", /whole number/],
    ["orgId string", { ...valid, orgId: "12" }, "orgId", /must be a number/],
    ["no org anywhere", { endpoint: valid.endpoint }, "orgId", /opensolar:orgId/],
    ["enabled as string", { ...valid, enabled: "yes" }, "enabled", /true or false/],
    ["debug as number", { ...valid, debug: 1 }, "debug", /true or false/],
    ["header name with space", { ...valid, headers: { "X Token": "a" } }, "headers", /not a valid HTTP header name/],
    ["header value with CRLF", { ...valid, headers: { "X-Token": "a\r\nX-Evil: 1" } }, "headers", /line break/],
    ["header value not a string", { ...valid, headers: { "X-Token": 5 } }, "headers", /must be strings|string/],
    ["reserved header", { ...valid, headers: { "Content-Length": "5" } }, "headers", /set by OpenSolar/],
    ["header names differing by case", { ...valid, headers: { "X-A": "1", "x-a": "2" } }, "headers", /ignore case/],
    ["headers as a JSON string", { ...valid, headers: '{"a":"b"}' }, "headers", /object/],
    ["unknown model", { ...valid, triggerFields: ["invoice.total"] }, "triggerFields", /unknown model "invoice"/],
    ["path without field", { ...valid, triggerFields: ["project"] }, "triggerFields", /not a field path/],
    ["wildcard below model", { ...valid, payloadFields: ["project.systems.*"] }, "payloadFields", /only "project.\*"/],
    ["bad segment", { ...valid, payloadFields: ["project.sys-tems"] }, "payloadFields", /invalid segment/],
    ["empty list", { ...valid, triggerFields: [] }, "triggerFields", /stores a blank list as null/],
    ["list of numbers", { ...valid, payloadFields: [1, 2] }, "payloadFields", /string/],
    ["oversized list", { ...valid, triggerFields: Array.from({ length: 501 }, (_, i) => `project.f${i}`) }, "triggerFields", /at most 500/],
    ["bad onDelete", { ...valid, onDelete: "archive" }, "onDelete", /"delete" or "disable"/],
    ["bad adoptWebhookId", { ...valid, adoptWebhookId: -3 }, "adoptWebhookId", /positive/],
    ["typo in an input name", { ...valid, triggerField: ["project.stage"] }, "triggerField", /not an input/],
  ];

  it.each(cases)("%s", (_name, raw, property, reason) => {
    const failures = failuresOf(raw);
    const failure = failures.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure?.reason).toMatch(reason);
  });

  it("points at the element of a list that is wrong", () => {
    const [failure] = failuresOf({ ...valid, triggerFields: ["project.stage", "nope.x"] });
    expect(failure?.reason).toMatch(/^triggerFields\[1\]: /);
  });

  it("never echoes a header value", () => {
    const secret = "s3cr3t-value\r\n";
    const failures = failuresOf({ ...valid, headers: { "X-Token": secret } });
    expect(JSON.stringify(failures)).not.toContain("s3cr3t");
  });

  it("reports every problem at once", () => {
    const failures = failuresOf({ orgId: -1, endpoint: "nope", enabled: "x" });
    expect(failures.map((f) => f.property).sort()).toEqual(["enabled", "endpoint", "orgId"]);
  });
});

describe("checkInputs with values unknown during preview", () => {
  it("lets unknown properties through untouched", () => {
    const inputs = inputsOf({ ...valid, endpoint: UNKNOWN, headers: UNKNOWN, triggerFields: UNKNOWN });
    expect(inputs["endpoint"]).toBe(UNKNOWN);
    expect(inputs["headers"]).toBe(UNKNOWN);
    expect(inputs["triggerFields"]).toBe(UNKNOWN);
    expect(inputs["payloadFields"]).toEqual([...DEFAULT_PAYLOAD_FIELDS]);
  });

  it("lets unknown elements and header values through", () => {
    const inputs = inputsOf({ ...valid, triggerFields: ["project.stage", UNKNOWN], headers: { "X-Token": UNKNOWN } });
    expect(inputs["triggerFields"]).toEqual(["project.stage", UNKNOWN]);
  });

  it("keeps an unknown org unknown instead of using the default", () => {
    expect(inputsOf({ ...valid, orgId: UNKNOWN }, 3)["orgId"]).toBe(UNKNOWN);
  });
});

describe("endpointProblem", () => {
  it.each(["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]:9000/x", "https://example.com"])(
    "accepts %s",
    (url) => expect(endpointProblem(url, false)).toBeUndefined(),
  );
  it("accepts plain http elsewhere only when allowed", () => {
    expect(endpointProblem("http://example.com/x", true)).toBeUndefined();
  });
});
