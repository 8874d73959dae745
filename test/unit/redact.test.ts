import { redact, redactError } from "../../provider/core/redact";

// A secret with characters every encoding treats differently: quote, backslash, slash,
// space, plus, ampersand, non-ASCII.
const SECRET = 'sk_live "quoted" \\ a/b+c&d é-42';
const MASK = "[redacted]";

describe("redact", () => {
  it("removes every secret, longest first", () => {
    expect(redact("token abc123 and abc123456", ["abc123", "abc123456"])).toBe("token [redacted] and [redacted]");
  });

  it.each<[string, string]>([
    ["as it is", SECRET],
    ["JSON-escaped once", JSON.stringify(SECRET).slice(1, -1)],
    ["JSON-escaped twice", JSON.stringify(JSON.stringify(SECRET).slice(1, -1)).slice(1, -1)],
    ["JSON-escaped as ASCII (\\u00e9)", JSON.stringify(SECRET).slice(1, -1).replace("é", "\\u00e9")],
    ["URL-encoded", encodeURIComponent(SECRET)],
    ["form-encoded (URLSearchParams)", new URLSearchParams({ s: SECRET }).toString().slice(2)],
    ["form-encoded (%20 as +)", encodeURIComponent(SECRET).replace(/%20/g, "+")],
    ["base64", Buffer.from(SECRET).toString("base64")],
    ["base64url", Buffer.from(SECRET).toString("base64url")],
    ["HTML-escaped", SECRET.replace(/&/g, "&amp;").replace(/"/g, "&quot;")],
  ])("removes the secret %s", (_name, form) => {
    const text = `before ${form} after`;
    const scrubbed = redact(text, [SECRET]);
    expect(scrubbed).toBe(`before ${MASK} after`);
  });

  it.each([0, 1, 2])("removes the base64 of a secret inside a longer encoded text (offset %i)", (offset) => {
    const token = "tok_0123456789abcdef";
    const encoded = Buffer.from(`${"u".repeat(offset)}user:${token}:tail`).toString("base64");
    const scrubbed = redact(`Authorization: Basic ${encoded}`, [token]);
    expect(scrubbed).toContain(MASK);
    // What is left around the mask decodes to no more than a couple of the token's bytes.
    const left = scrubbed.replace("Authorization: Basic ", "").split(MASK);
    for (const part of left) expect(Buffer.from(part, "base64").toString("latin1")).not.toMatch(/0123|cdef/);
  });

  it("leaves secrets shorter than 4 characters alone, so ordinary words survive", () => {
    expect(redact("Fix the named inputs and run again.", ["the", "on", "a"])).toBe("Fix the named inputs and run again.");
  });

  it("removes a secret of exactly 4 characters", () => {
    expect(redact("value abcd here", ["abcd"])).toBe(`value ${MASK} here`);
  });
});

describe("redactError", () => {
  it("scrubs message, stack, own properties deeply (keys too) and the cause", () => {
    const cause = new Error(`inner ${encodeURIComponent(SECRET)}`);
    const error = new Error(`outer ${SECRET}`, { cause }) as Error & Record<string, unknown>;
    const shared = { text: SECRET };
    error["config"] = { headers: { Authorization: `Bearer ${SECRET}` }, [SECRET]: 1, again: shared, twice: shared };
    redactError(error, [SECRET]);
    const everything = [error.message, error.stack, JSON.stringify(error), cause.message, cause.stack].join("\n");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
    expect(error.message).toBe(`outer ${MASK}`);
    expect(cause.message).toBe(`inner ${MASK}`);
  });

  it("survives circular references", () => {
    const error = new Error(`x ${SECRET}`) as Error & Record<string, unknown>;
    const loop: Record<string, unknown> = { value: SECRET };
    loop["self"] = loop;
    error["loop"] = loop;
    redactError(error, [SECRET]);
    const scrubbed = error["loop"] as Record<string, unknown>;
    expect(scrubbed["value"]).toBe(MASK);
    expect(scrubbed["self"]).toBe(scrubbed);
  });
});
