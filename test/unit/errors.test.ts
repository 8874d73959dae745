import { errorFromResponse, isOpenSolarError, OpenSolarHttpError } from "../../provider/errors";
import { redact } from "../../provider/redact";

const call = { method: "POST", path: "/api/orgs/7/webhooks/", orgId: 7 };

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

  it("400 maps DRF field errors to our property names", () => {
    const error = errorFromResponse({
      ...call,
      status: 400,
      data: { trigger_fields: ["Not a valid list."], endpoint: ["This field is required."] },
    });
    expect(error.code).toBe("invalid_request");
    expect(error.fieldErrors).toEqual({ triggerFields: ["Not a valid list."], endpoint: ["This field is required."] });
    expect(error.message).toMatch(/triggerFields: Not a valid list\./);
  });

  it("429 keeps Retry-After and says what to do", () => {
    const error = errorFromResponse({ ...call, status: 429, data: undefined, retryAfter: "3" });
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfter).toBe("3");
    expect(error.message).toMatch(/--parallel/);
  });

  it("an HTML error page is described, not pasted", () => {
    const error = errorFromResponse({ ...call, status: 502, data: "<html><body>Bad gateway</body></html>" });
    expect(error.code).toBe("server");
    expect(error.message).toMatch(/an HTML page instead of JSON/);
    expect(error.message).not.toMatch(/<html>/);
  });

  it("is recognised as a family member", () => {
    const error = errorFromResponse({ ...call, status: 404, data: {} });
    expect(error).toBeInstanceOf(OpenSolarHttpError);
    expect(isOpenSolarError(error)).toBe(true);
    expect(isOpenSolarError(new Error("other"))).toBe(false);
  });
});

describe("redact", () => {
  it("removes every secret, longest first", () => {
    expect(redact("token abc123 and abc123456", ["abc123", "abc123456"])).toBe("token [redacted] and [redacted]");
  });
  it("leaves short values alone (they would mangle ordinary text)", () => {
    expect(redact("a b", ["a"])).toBe("a b");
  });
});
