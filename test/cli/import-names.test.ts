import { baseName, importNames, MAX_NAME_LENGTH } from "../../cli/import-names";

// Names `import-file --org` gives the webhooks it finds: readable, valid, unique, stable,
// and never carrying the parts of an endpoint that can be a credential.

describe("baseName", () => {
  test.each([
    ["https://crm.example.com/hooks", "crm-example-com-hooks"],
    ["https://crm.example.com/hooks/opensolar/", "crm-example-com-hooks-opensolar"],
    ["https://www.example.com/", "example-com"],
    ["https://CRM.Example.com/Hooks", "crm-example-com-hooks"],
    ["http://127.0.0.1:8080/in", "webhook-127-0-0-1-8080-in"],
    ["https://[::1]:9000/a", "webhook-1-9000-a"],
    ["https://api.example.com/opensolarHooks/receive", "api-example-com-opensolar-hooks-receive"],
    ["https://example.com/hook.php", "example-com-hook-php"],
    ["https://example.com/%7Euser/x", "example-com"],
  ])("%s -> %s", (endpoint, expected) => {
    expect(baseName(endpoint)).toBe(expected);
  });

  test("leaves out query, user info, and every segment from the first that can be a token onwards", () => {
    expect(baseName("https://user:pa55word@hooks.example.com/in?token=s3cr3t-value#frag")).toBe("hooks-example-com-in");
    // Slack and Zapier carry their secret in the path.
    expect(baseName("https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX")).toBe("hooks-slack-com-services");
    expect(baseName("https://hooks.zapier.com/hooks/catch/123456/abcdef/")).toBe("hooks-zapier-com-hooks-catch");
    // Letters only, but random: many case changes, or too long for a word.
    expect(baseName("https://example.com/hooks/AbCdEfGhIjKlMnOp/more")).toBe("example-com-hooks");
    expect(baseName("https://example.com/abcdefghijklmnopqrstuvwxyz")).toBe("example-com");
  });

  test("an endpoint that is not a URL still gets a valid name", () => {
    expect(baseName("not a url")).toBe("webhook");
    expect(baseName("")).toBe("webhook");
  });

  test("a long endpoint is cut at a hyphen, within the limit", () => {
    const name = baseName(`https://${"segment.".repeat(12)}example.com/hooks`);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name).toMatch(/^segment-segment-.*segment$/);
  });

  test("every name is a valid Pulumi name that generated code can use: lower case words joined by hyphens", () => {
    for (const endpoint of ["https://a.b/c", "https://1.2.3.4/", "https://x--y.example/__a__", "https://e.com/-", "mailto:a@b.c"]) {
      expect(baseName(endpoint)).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    }
  });
});

describe("importNames", () => {
  test("unique names: webhooks that share an endpoint's name are told apart by id, the others keep theirs", () => {
    const names = importNames([
      { id: 4102, endpoint: "https://crm.example.com/hooks" },
      { id: 4101, endpoint: "https://crm.example.com/hooks" },
      { id: 4103, endpoint: "https://erp.example.com/in" },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      4101: "crm-example-com-hooks-4101",
      4102: "crm-example-com-hooks-4102",
      4103: "erp-example-com-in",
    });
  });

  test("a suffixed name never takes a name another endpoint gives", () => {
    const names = importNames([
      { id: 7, endpoint: "https://a.example/" },
      { id: 8, endpoint: "https://a.example/" },
      // Its own name (host and port) is what the first one would get with its id.
      { id: 9, endpoint: "https://a.example:7/" },
    ]);
    expect(new Set(names.values()).size).toBe(3);
    expect(names.get(9)).toBe("a-example-7");
    expect(names.get(7)).toBe("a-example-7-2");
    expect(names.get(8)).toBe("a-example-8");
  });

  test("stable: the same webhooks in another order get the same names", () => {
    const webhooks = [
      { id: 3, endpoint: "https://same.example.com/" },
      { id: 1, endpoint: "https://same.example.com/" },
      { id: 2, endpoint: "https://other.example.com/" },
      { id: 4, endpoint: "https://same.example.com/" },
    ];
    const once = Object.fromEntries(importNames(webhooks));
    expect(Object.fromEntries(importNames([...webhooks].reverse()))).toEqual(once);
    expect(Object.fromEntries(importNames([webhooks[2]!, webhooks[0]!, webhooks[3]!, webhooks[1]!]))).toEqual(once);
  });
});
