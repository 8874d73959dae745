import {
  DEFAULT_SECRET_HEADER,
  generateSharedSecret,
  sharedSecretHeaders,
  verifySharedSecret,
} from "pulumi-opensolar/receiver";

const SECRET = "current-secret-value";

describe("verifySharedSecret", () => {
  const options = { secrets: [SECRET] } as const;

  it("accepts the secret in the default header, whatever its case", () => {
    expect(DEFAULT_SECRET_HEADER).toBe("X-OpenSolar-Webhook-Secret");
    expect(verifySharedSecret({ "x-opensolar-webhook-secret": SECRET }, options)).toBe(true);
    expect(verifySharedSecret({ "X-OPENSOLAR-WEBHOOK-SECRET": SECRET }, options)).toBe(true);
    expect(verifySharedSecret(new Headers({ "X-OpenSolar-Webhook-Secret": SECRET }), options)).toBe(true);
  });

  it("looks in the configured header, named in any case", () => {
    const custom = { headerName: "x-hook-token", secrets: [SECRET] } as const;
    expect(verifySharedSecret({ "X-Hook-Token": SECRET }, custom)).toBe(true);
    expect(verifySharedSecret({ "x-opensolar-webhook-secret": SECRET }, custom)).toBe(false);
  });

  it("rejects a wrong, missing, empty, longer, shorter or differently cased secret", () => {
    for (const value of ["wrong-secret-value!!", "", `${SECRET}x`, SECRET.slice(0, -1), SECRET.toUpperCase(), ` ${SECRET}`]) {
      expect([value, verifySharedSecret({ "x-opensolar-webhook-secret": value }, options)]).toEqual([value, false]);
    }
    expect(verifySharedSecret({}, options)).toBe(false);
    expect(verifySharedSecret({ "x-opensolar-webhook-secret": undefined }, options)).toBe(false);
    expect(verifySharedSecret(new Headers(), options)).toBe(false);
  });

  it("rejects a header sent twice", () => {
    expect(verifySharedSecret({ "x-opensolar-webhook-secret": [SECRET, SECRET] }, options)).toBe(false);
    expect(verifySharedSecret({ "x-opensolar-webhook-secret": SECRET, "X-OpenSolar-Webhook-Secret": SECRET }, options)).toBe(false);
    const twice = new Headers();
    twice.append("x-opensolar-webhook-secret", SECRET);
    twice.append("x-opensolar-webhook-secret", SECRET);
    expect(verifySharedSecret(twice, options)).toBe(false);
  });

  it("compares the whole value, so an Authorization scheme is part of the secret", () => {
    const auth = { headerName: "Authorization", secrets: ["Token abc123"] } as const;
    expect(verifySharedSecret({ authorization: "Token abc123" }, auth)).toBe(true);
    expect(verifySharedSecret({ authorization: "abc123" }, auth)).toBe(false);
    expect(verifySharedSecret({ authorization: "Bearer abc123" }, auth)).toBe(false);
  });

  it("refuses a setup that would let anyone in", () => {
    expect(() => verifySharedSecret({}, { secrets: [""] })).toThrow(/current secret/);
    expect(() => verifySharedSecret({}, { secrets: [SECRET, ""] })).toThrow(/previous secret/);
    expect(() => verifySharedSecret({}, { secrets: [] as unknown as [string] })).toThrow(TypeError);
    expect(() => verifySharedSecret({}, { secrets: [SECRET], headerName: " " })).toThrow(/headerName/);
  });
});

describe("shared secret helpers", () => {
  it("generates 32 random bytes as base64url", () => {
    const secret = generateSharedSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(generateSharedSecret()).not.toBe(secret);
  });

  it("builds the webhook headers that carry a secret", () => {
    expect(sharedSecretHeaders("s")).toEqual({ "X-OpenSolar-Webhook-Secret": "s" });
    expect(sharedSecretHeaders("Token s", "Authorization")).toEqual({ Authorization: "Token s" });
  });
});
