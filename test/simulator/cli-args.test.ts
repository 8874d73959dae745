import { parseCliArgs } from "../../simulator/cli-args";

describe("simulator command-line arguments", () => {
  it("has defaults for a local run", () => {
    expect(parseCliArgs([])).toEqual({
      options: { port: 4010, host: "127.0.0.1", tokens: { "sim-token": [1] }, maskHeaderValues: false, latencyMs: 0 },
      token: "sim-token",
      tokenGiven: false,
      orgIds: [1],
      help: false,
    });
  });

  it("reads every option", () => {
    const args = parseCliArgs([
      "--port", "0", "--host", "0.0.0.0", "--token", "T", "--org", "3", "--org", "4",
      "--mask-headers", "--page-size", "5", "--latency", "20",
    ]);
    expect(args.options).toEqual({
      port: 0,
      host: "0.0.0.0",
      tokens: { T: [3, 4] },
      maskHeaderValues: true,
      latencyMs: 20,
      pageSize: 5,
    });
    expect(args.tokenGiven).toBe(true);
  });

  it.each([
    [["--port", "x"]],
    [["--port", "65536"]],
    [["--token", "a b"]],
    [["--token", ""]],
    [["--page-size", "0"]],
    [["--latency", "-1"]],
    [["--bogus"]],
    [["extra"]],
  ])(
    "rejects %j",
    (argv) => {
      expect(() => parseCliArgs(argv)).toThrow();
    },
  );
});
