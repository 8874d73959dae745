import { describeAnswer, errorFromResponse, isOpenSolarError, OpenSolarHttpError } from "../../provider/core/errors";
import { WEBHOOK_VOCABULARY } from "../../provider/webhook/wire";

// A webhook call: errors speak of the webhook's properties (the field table's wire names).
const call = { method: "POST", path: "/api/orgs/7/webhooks/", orgId: 7, resource: WEBHOOK_VOCABULARY };
// What a server might echo back: an input value, a secret header value.
const ECHOED = "echoed-input-value-5f2a";

describe("errorFromResponse", () => {
  it("401 says the token was refused and that user tokens expire after 7 days", () => {
    const error = errorFromResponse({ ...call, status: 401, data: { detail: "Invalid token." } });
    expect(error.code).toBe("authentication");
    expect(error.message).toMatch(/^pulumi-opensolar: POST \/api\/orgs\/7\/webhooks\/ was refused \(401\)/);
    expect(error.message).toMatch(/expire after 7 days/);
    expect(error.message).toMatch(/machine user/);
    expect(error.message).toMatch(/opensolar:apiToken/);
  });

  it("403 names the org", () => {
    const error = errorFromResponse({ ...call, status: 403, data: { detail: "nope" } });
    expect(error.code).toBe("permission");
    expect(error.message).toMatch(/org 7/);
  });

  it("404 says what to check and that refresh handles a webhook deleted outside Pulumi", () => {
    const error = errorFromResponse({ ...call, status: 404, data: { detail: "Not found." } });
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/found nothing \(404\)\. The answer was a JSON error detail\. .*pulumi refresh/);
  });

  it("400 names the DRF fields as our property names, without OpenSolar's messages", () => {
    const error = errorFromResponse({
      ...call,
      status: 400,
      data: { trigger_fields: [`Not a valid list: ${ECHOED}`], endpoint: ["This field is required."], non_field_errors: ["x"] },
    });
    expect(error.code).toBe("invalid_request");
    expect(error.fieldErrors).toEqual(["triggerFields", "endpoint", "webhook"]);
    expect(error.message).toMatch(
      /rejected as invalid \(400\): OpenSolar found fault with triggerFields, endpoint, webhook\. The answer held field errors\. Fix/,
    );
    expect(error.message).toMatch(/Fix the named inputs/);
    expect(error.message).not.toMatch(/Not a valid list|required/);
    expect(error.message).not.toContain(ECHOED);
  });

  it("400 without field errors says so instead of pasting the detail", () => {
    const error = errorFromResponse({ ...call, status: 400, data: { detail: `bad header ${ECHOED}` } });
    expect(error.fieldErrors).toEqual([]);
    expect(error.message).toMatch(/rejected as invalid \(400\)\. The answer was a JSON error detail\./);
    expect(error.message).not.toContain(ECHOED);
  });

  it("never quotes a detail, whatever the status", () => {
    for (const status of [401, 403, 404, 409, 429, 500, 503]) {
      const error = errorFromResponse({ ...call, status, data: { detail: `OpenSolar said ${ECHOED}` } });
      expect(error.message).not.toContain(ECHOED);
      expect(error.message).not.toMatch(/OpenSolar said/);
    }
  });

  it("a plain-text body is described by kind, content type and length", () => {
    const body = `Service unavailable: ${ECHOED}`;
    const error = errorFromResponse({ ...call, status: 503, data: body, contentType: "text/plain; charset=utf-8" });
    expect(error.code).toBe("server");
    expect(error.message).toContain(`failed with HTTP 503. The answer was text that is not JSON (text/plain, ${body.length} bytes).`);
    expect(error.message).not.toContain(ECHOED);
  });

  it("an HTML error page is described, not pasted", () => {
    const error = errorFromResponse({
      ...call,
      status: 502,
      data: "<html><body>Bad gateway</body></html>",
      contentType: "text/html",
      bodyLength: 4321,
    });
    expect(error.code).toBe("server");
    expect(error.message).toMatch(/HTTP 502\. The answer was an HTML page instead of JSON \(text\/html, 4321 bytes\)\. OpenSolar may be having trouble/);
    expect(error.message).not.toMatch(/<html>|Bad gateway/);
  });

  it("a JSON body that is not a DRF error is described by its field names", () => {
    const error = errorFromResponse({ ...call, status: 500, data: { error: ECHOED, trigger_fields: 1, "weird key!": 2 } });
    expect(error.message).toMatch(/a JSON object with the fields error, triggerFields, a field with an unusual name/);
    expect(error.message).not.toContain(ECHOED);
  });

  it("does not show a malformed content type", () => {
    expect(describeAnswer({ data: undefined, contentType: `text/html ${ECHOED}` })).toBe("an empty body (a malformed content type)");
  });

  it("429 keeps Retry-After and says what to do", () => {
    const error = errorFromResponse({ ...call, status: 429, data: undefined, retryAfter: "3" });
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfter).toBe("3");
    expect(error.message).toMatch(/--parallel/);
  });

  it("a redirect says where to (origin only) and to check opensolar:baseUrl", () => {
    const error = errorFromResponse({
      method: "GET",
      path: "/api/orgs/7/webhooks/",
      status: 301,
      data: "<html>Moved</html>",
      location: `https://user:${ECHOED}@api.opensolar.com/api/orgs/7/webhooks/?token=${ECHOED}`,
    });
    expect(error).toBeInstanceOf(OpenSolarHttpError);
    expect(error.code).toBe("configuration");
    expect(error.status).toBe(301);
    expect(error.message).toMatch(
      /^pulumi-opensolar: GET \/api\/orgs\/7\/webhooks\/ was redirected \(301\) to https:\/\/api\.opensolar\.com; check opensolar:baseUrl \(https\?\)/,
    );
    expect(error.message).not.toMatch(/trouble/);
    expect(error.message).not.toContain(ECHOED);
  });

  it("a redirect without a usable Location still says redirected", () => {
    expect(errorFromResponse({ ...call, status: 302, data: undefined }).message).toMatch(/redirected \(302\) to an address it did not give/);
    expect(errorFromResponse({ ...call, status: 307, data: undefined, location: "/elsewhere" }).message).toMatch(
      /redirected \(307\) to another path on the same host/,
    );
  });

  it("is recognised as a family member", () => {
    const error = errorFromResponse({ ...call, status: 404, data: {} });
    expect(error).toBeInstanceOf(OpenSolarHttpError);
    expect(isOpenSolarError(error)).toBe(true);
    expect(isOpenSolarError(new Error("other"))).toBe(false);
  });
});

describe("describeAnswer", () => {
  it.each<[string, unknown, string]>([
    ["empty", undefined, "an empty body"],
    ["list", [1, 2], "a JSON list of 2 items"],
    ["number", 5, "a JSON number"],
    ["empty object", {}, "an empty JSON object"],
  ])("%s", (_name, data, expected) => {
    expect(describeAnswer({ data })).toBe(expected);
  });

  it("counts bytes, not characters, of a text body", () => {
    expect(describeAnswer({ data: "héllo" })).toBe("text that is not JSON (6 bytes)");
  });
});

describe("errors of a call that names no resource", () => {
  it("use generic wording and DRF field names as they are", () => {
    const error = errorFromResponse({ method: "PATCH", path: "/api/orgs/7/things/3/", orgId: 7, status: 400, data: { trigger_fields: ["x"] } });
    expect(error.fieldErrors).toEqual(["trigger_fields"]);
    const missing = errorFromResponse({ method: "GET", path: "/api/orgs/7/things/3/", orgId: 7, status: 404, data: {} });
    expect(missing.message).toMatch(/Check the org id and resource id/);
    expect(missing.message).not.toMatch(/webhook/);
  });
});
