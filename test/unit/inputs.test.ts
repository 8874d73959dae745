import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../../provider/webhook/defaults";
import { checkInputs, endpointProblem } from "../../provider/webhook/inputs";
import { UNKNOWN } from "../../provider/core/unknown";

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

  it("collapses repeats before the size limit: 600 copies of one path are one path", () => {
    expect(inputsOf({ ...valid, triggerFields: Array.from({ length: 600 }, () => "project.stage") })["triggerFields"]).toEqual([
      "project.stage",
    ]);
  });

  it("accepts a field path of exactly 200 characters", () => {
    const path = `project.${"a".repeat(192)}`;
    expect(inputsOf({ ...valid, payloadFields: [path] })["payloadFields"]).toEqual([path]);
  });

  it("accepts header values with tabs inside and Latin-1 letters, and ordinary header names", () => {
    const headers = { "X-Token": "a\tb", "X-Name": "café", "X-Expected": "1", Authorization: "Bearer abc" };
    expect(inputsOf({ ...valid, headers })["headers"]).toEqual(headers);
  });

  it("passes the resource's owner key through", () => {
    expect(inputsOf({ ...valid, ownerKey: "0123456789abcdef0123" })["ownerKey"]).toBe("0123456789abcdef0123");
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
    ["header Expect", { ...valid, headers: { Expect: "100-continue" } }, "headers", /"Expect" is set by OpenSolar/],
    ["header TE", { ...valid, headers: { TE: "trailers" } }, "headers", /"TE" is set by OpenSolar/],
    ["header Upgrade", { ...valid, headers: { Upgrade: "websocket" } }, "headers", /"Upgrade" is set by OpenSolar/],
    ["header keep-alive", { ...valid, headers: { "keep-alive": "timeout=5" } }, "headers", /"keep-alive" is set by OpenSolar/],
    [
      "header with the owner-marker prefix",
      { ...valid, headers: { "x-pulumi-opensolar-owner-mine": "v" } },
      "headers",
      /^headers\["x-pulumi-opensolar-owner-mine"\]: .* is reserved: names starting with X-Pulumi-Opensolar-Owner- carry the provider's ownership marker/,
    ],
    ["header value with a control character", { ...valid, headers: { "X-Token": "ab\u0001cd" } }, "headers", /control character: tab is the only one/],
    ["header value with DEL", { ...valid, headers: { "X-Token": "abcd\u007f" } }, "headers", /control character/],
    ["header value beyond Latin-1", { ...valid, headers: { "X-Token": "price-€-5" } }, "headers", /beyond Latin-1/],
    ["header value with a leading space", { ...valid, headers: { "X-Token": " token" } }, "headers", /starts or ends with white space/],
    ["header value with a trailing tab", { ...valid, headers: { "X-Token": "token\t" } }, "headers", /starts or ends with white space/],
    ["__proto__ as a header name", { ...valid, headers: JSON.parse('{"__proto__":"v","X-A":"1"}') }, "headers", /^headers\["__proto__"\]: "__proto__" cannot be a header name/],
    ["endpoint with port 0", { ...valid, endpoint: "https://example.com:0/x" }, "endpoint", /^endpoint uses port 0/],
    ["endpoint with an empty host", { ...valid, endpoint: "https:///hooks.example.com/x" }, "endpoint", /^endpoint has an empty host/],
    ["endpoint with only a port", { ...valid, endpoint: "https://:443/x" }, "endpoint", /^endpoint has an empty host/],
    ["endpoint without //", { ...valid, endpoint: "https:example.com/x" }, "endpoint", /^endpoint has no \/\/ after the scheme/],
    ["endpoint with a backslash", { ...valid, endpoint: "https://example.com\\evil.com/x" }, "endpoint", /^endpoint contains a backslash/],
    ["endpoint with a zero-width space in the host", { ...valid, endpoint: "https://exa\u200bmple.com/x" }, "endpoint", /invisible character U\+200B/],
    ["endpoint with a soft hyphen in the host", { ...valid, endpoint: "https://exa\u00admple.com/x" }, "endpoint", /invisible character U\+00AD/],
    ["endpoint with a BOM", { ...valid, endpoint: "\ufeffhttps://example.com/x" }, "endpoint", /invisible character U\+FEFF/],
    ["endpoint with a bidi override in the path", { ...valid, endpoint: "https://example.com/\u202egpj.exe" }, "endpoint", /invisible character U\+202E/],
    ["endpoint with a Hangul filler", { ...valid, endpoint: "https://example.com/\u3164" }, "endpoint", /invisible character U\+3164/],
    ["endpoint with an empty fragment", { ...valid, endpoint: "https://example.com/x#" }, "endpoint", /fragment/],
    ["endpoint with an empty userinfo", { ...valid, endpoint: "https://@example.com/x" }, "", /^endpoint contains credentials/],
    ["http to a name that only ends in localhost", { ...valid, endpoint: "http://evil-localhost/x" }, "endpoint", /allowInsecureEndpoint/],
    ["http to a public name below localhost.", { ...valid, endpoint: "http://localhost.example.com/x" }, "endpoint", /allowInsecureEndpoint/],
    ["field path over 200 characters", { ...valid, triggerFields: [`project.${"a".repeat(193)}`] }, "triggerFields", /^triggerFields\[0\]: the field path is longer than 200 characters$/],
    ["501 distinct paths among repeats", { ...valid, payloadFields: [...Array.from({ length: 501 }, (_, i) => `project.f${i}`), "project.f0"] }, "payloadFields", /at most 500/],
    ["ownerKey that is not an owner key", { ...valid, ownerKey: "not-a-key" }, "ownerKey", /owner key/],
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

  it.each(["s3cr3t-value\r\n", "s3cr3t-value\u0001", "s3cr3t-value-€", " s3cr3t-value", "s3cr3t-value "])(
    "never echoes a header value (%j)",
    (secret) => {
      const failures = failuresOf({ ...valid, headers: { "X-Token": secret } });
      expect(failures).toHaveLength(1);
      expect(JSON.stringify(failures)).not.toContain("s3cr3t");
    },
  );

  it("reports every problem at once", () => {
    const failures = failuresOf({ orgId: -1, endpoint: "nope", enabled: "x" });
    expect(failures.map((f) => f.property).sort()).toEqual(["enabled", "endpoint", "orgId"]);
  });
});

describe("checkInputs with unknown input names", () => {
  it("names a misspelt input in the reason only, never as the property (the engine would print its value)", () => {
    const failures = failuresOf({ ...valid, header: { "X-Token": "typo-secret-value-7e1d" } });
    expect(failures).toEqual([{ property: "", reason: "header is not an input of OpenSolarWebhook (did you mean headers?)" }]);
    expect(JSON.stringify(failures)).not.toContain("typo-secret");
  });

  it.each<[string, string]>([
    ["triggerFeilds", "triggerFields"],
    ["triggerField", "triggerFields"],
    ["orgID", "orgId"],
    ["trigger_fields", "triggerFields"],
    ["payload", "payloadFields"],
    ["enable", "enabled"],
    ["allowInsecure", "allowInsecureEndpoint"],
  ])("suggests the closest input for %s", (typed, meant) => {
    const [failure] = failuresOf({ ...valid, [typed]: "x" });
    expect(failure).toEqual({ property: "", reason: `${typed} is not an input of OpenSolarWebhook (did you mean ${meant}?)` });
  });

  it("lists the inputs when nothing is close", () => {
    const [failure] = failuresOf({ ...valid, colour: "blue" });
    expect(failure?.reason).toMatch(/^colour is not an input of OpenSolarWebhook \(the inputs are orgId, endpoint, headers, .*onDelete, adoptWebhookId\)$/);
    expect(failure?.reason).not.toMatch(/ownerKey/);
  });

  it.each(["toString", "constructor", "hasOwnProperty"])("refuses %s, a name every object inherits", (name) => {
    expect(failuresOf({ ...valid, [name]: "x" })[0]?.reason).toMatch(new RegExp(`^${name} is not an input`));
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
  it.each([
    "http://127.0.0.1:8080/hook",
    "http://127.8.9.10/hook",
    "http://localhost/hook",
    "http://localhost./hook",
    "http://LOCALHOST/hook",
    "http://receiver.localhost:3000/hook",
    "http://[::1]:9000/x",
    "http://[::ffff:127.0.0.1]/x",
    "https://example.com",
    "https://example.com:8443/a?b=c",
    "https://bücher.example/x",
  ])("accepts %s", (url) => expect(endpointProblem(url, false)).toBeUndefined());
  it("accepts plain http elsewhere only when allowed", () => {
    expect(endpointProblem("http://example.com/x", true)).toBeUndefined();
  });
});
