import { createServer, type Server } from "node:net";
import { compilePackage, linesOf, runNode, type CompiledPackage } from "./cli-process";

// The command-line simulator as a user runs it: a node process, its exit code and stderr.
describe("opensolar-simulator, the command", () => {
  let compiled: CompiledPackage;
  beforeAll(() => {
    compiled = compilePackage();
  });
  afterAll(() => compiled.remove());

  const run = (args: readonly string[], until?: string) => runNode([compiled.cli, ...args], compiled.withExpress, until);

  /** The one-line failure every start-up error must be. */
  function expectOneLineFailure(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(linesOf(result.stderr)).toEqual([expect.stringMatching(/^opensolar-simulator: /)]);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }

  it("prints its options for --help and exits 0", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: opensolar-simulator/);
    expect(result.stderr).toBe("");
  });

  it.each([
    [["--port", "abc"], /--port expects a whole number from 0 to 65535/],
    [["--port", "70000"], /--port expects a whole number from 0 to 65535/],
    [["--port"], /--port <value>' argument missing/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--org", "x1"], /--org expects a whole number/],
  ])("fails on %j with one line and exit code 1", async (args, pattern) => {
    expectOneLineFailure(await run(args), pattern);
  });

  it("refuses a token with a space without printing it", async () => {
    const result = await run(["--token", "my secret", "--port", "0"]);
    expectOneLineFailure(result, /--token must be non-empty and hold no spaces/);
    expect(result.stderr).not.toContain("my secret");
  });

  it("does not echo a stray argument, which may be a token typed without --token", async () => {
    const result = await run(["tok-typed-alone"]);
    expectOneLineFailure(result, /unexpected argument/);
    expect(result.stderr).not.toContain("tok-typed-alone");
  });

  it("says the port is in use, in one line, when it is", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await run(["--port", String(port)]);
      expectOneLineFailure(result, new RegExp(`127\\.0\\.0\\.1:${port} is already in use \\(EADDRINUSE\\)`));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("warns on a non-loopback bind and prints the address it is bound to", async () => {
    const result = await run(["--host", "0.0.0.0", "--port", "0"], "Press Ctrl+C to stop.");
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(result.stdout)?.[1];
    expect(port).toBeDefined();
    expect(linesOf(result.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^pulumi-opensolar simulator: warning: listening on 0\\.0\\.0\\.0:${port}, which other machines can reach`)),
    ]);
    // Stopped by SIGTERM, it closes cleanly.
    expect(result.code).toBe(0);
  });

  it("does not warn on the default loopback bind", async () => {
    const result = await run(["--port", "0"], "Press Ctrl+C to stop.");
    expect(result.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stderr).toBe("");
  });

  it("names `npm install express` when express is not installed", async () => {
    const result = await runNode([compiled.cli, "--port", "0"], compiled.withoutExpress);
    expectOneLineFailure(result, /needs express, which is not installed: run `npm install --save-dev express`/);
  });
});

describe("pulumi-opensolar/simulator and /receiver without express", () => {
  let compiled: CompiledPackage;
  beforeAll(() => {
    compiled = compilePackage();
  });
  afterAll(() => compiled.remove());

  it("load, and startSimulator rejects with the install advice", async () => {
    const script = `
      const simulator = require(${JSON.stringify(`${compiled.root}/package/simulator/index.js`)});
      const receiver = require(${JSON.stringify(`${compiled.root}/package/receiver/index.js`)});
      console.log(typeof receiver.expressMiddleware, simulator.DEFAULT_TRIGGER_FIELDS.length);
      simulator.startSimulator().then(
        () => console.log("started"),
        (error) => console.log(error.code, error.message),
      );`;
    const result = await runNode(["-e", script], compiled.withoutExpress);
    expect(result.stderr).toBe("");
    expect(linesOf(result.stdout)).toEqual([
      "function 33",
      expect.stringMatching(/^ERR_OPENSOLAR_SIMULATOR_NEEDS_EXPRESS pulumi-opensolar simulator: the simulator needs express/),
    ]);
  });
});
