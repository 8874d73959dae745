import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HEADER_VALUE, RECEIVER_URL, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { describeLeaks, LeakScan } from "../../testkit/engine/leak-scan";
import { TOKEN, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// The leak scan that every E2eSession runs at close() (testkit/engine/leak-scan.ts) must find what
// it is for, or every e2e test would pass on a scan that sees nothing. Planted leaks, first
// in texts and files, then through the real engine.

const SECRET = "planted-secret-5d21c7e90b";

describe("the scanner", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-leak-scan-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("finds a secret as is, JSON-escaped, URL-encoded and base64 at any alignment, in texts and in files", () => {
    const quoted = 'tok"en-with-a-quote/and+plus';
    const scan = new LeakScan();
    scan.declare(`Bearer ${SECRET}`, "a header value");
    scan.declare(quoted, "the API token", "credential");
    scan.record("engine output", `line one\nAuthorization: Bearer ${SECRET} sent\n`);
    scan.record("an error", JSON.stringify({ message: `refused ${quoted}` }));
    scan.watch(dir);
    fs.mkdirSync(path.join(dir, "logs"));
    fs.writeFileSync(path.join(dir, "logs", "cli.log"), `x\ny\nurl=https://h/?t=${encodeURIComponent(quoted)}\n`);
    for (const shift of [0, 1, 2]) {
      const blob = Buffer.concat([Buffer.from("ab".slice(0, shift)), Buffer.from(SECRET), Buffer.from("tail")]).toString("base64");
      fs.writeFileSync(path.join(dir, `blob-${shift}.b64`), blob);
    }
    fs.writeFileSync(path.join(dir, "clean.json"), JSON.stringify({ headers: "[secret]" }));

    const report = scan.scan();

    expect(report.occurrences.map((found) => [found.secret, found.where.replace(dir, "<dir>")]).sort()).toEqual(
      [
        ["a header value", "engine output:2:16"],
        ["a header value", "<dir>/blob-0.b64:1:1"],
        ["a header value", "<dir>/blob-1.b64:1:3"],
        ["a header value", "<dir>/blob-2.b64:1:4"],
        ["the API token", "an error:1:21"],
        ["the API token", "<dir>/logs/cli.log:3:18"],
      ].sort(),
    );
    expect(report.files).toBe(5);
    // The failure names places, never the secret.
    const message = describeLeaks(report);
    expect(message).toContain("engine output:2:16");
    expect(message).toContain("Authorization: «secret» sent");
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain("en-with-a-quote");
  });

  test("a header value inside @pulumi/pulumi's RPC debug record is counted apart; the token there, or the value elsewhere, is a leak", () => {
    const scan = new LeakScan();
    scan.declare(SECRET, "a header value");
    scan.declare(TOKEN, "the API token", "credential");
    const sdkRecord =
      "debug: RegisterResource RPC finished: resource:crm-sync[pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook]; err: null, resp: " +
      "urn:pulumi:s::p::t::crm-sync,1001,__provider,,,exports.handler = __f0;\n\nfunction __f0() {\n  return 1;\n}\n" +
      `,headers,,,,,4dabf18193072939515e22adb298388d,,,1b47061264138c4ac30d75fd1eb44270,value,,,,,X-Key,,,${SECRET},onDelete,,,delete`;
    scan.record("engine output", `${sdkRecord}\ndebug: next record ${SECRET}\n`);
    scan.record("engine output with the token", `${sdkRecord},token,,,${TOKEN}\n`);
    scan.record("log file", `{"msg":"eventSink::Debug(<{%reset%}>RegisterResource RPC finished: r; err: null, resp: a,,,${SECRET}"}\n{"msg":"${SECRET}"}\n`);

    const report = scan.scan();

    expect(report.inSdkRpcRecords).toBe(3);
    expect(report.occurrences.map((found) => `${found.secret} @ ${found.where}`).sort()).toEqual([
      "a header value @ engine output:7:20",
      "a header value @ log file:2:9",
      expect.stringMatching(/^the API token @ engine output with the token:6:\d+$/),
    ]);
  });
});

describe("through the real engine", () => {
  // The test closes the session itself; should it stop before, the afterAll closes it and
  // fails on the planted leaks too.
  const e2e = useE2eSession();

  test(
    "a header value planted in a plain input is found in state, export, engine output and verbose log, and close() fails naming each place",
    () =>
      withSimulator(async (simulator) => {
        // The program itself leaks: the header value also sits in the endpoint's query, which is no secret.
        const program = { webhooks: [webhookDeclaration("planted", { endpoint: `${RECEIVER_URL}?key=${HEADER_VALUE}` })] };
        const stack = e2e.stack("planted-leak", simulator);
        await stack.run(program, ["up", "export"]);
        // And a CLI log that would show the token, base64-encoded.
        fs.mkdirSync(path.join(e2e.session.pulumiHome, "logs"), { recursive: true });
        fs.writeFileSync(path.join(e2e.session.pulumiHome, "logs", "planted.log"), `auth ${Buffer.from(TOKEN).toString("base64")}\n`);

        const report = e2e.session.scanForLeaks();
        const places = report.occurrences.map((found) => found.where);
        const some = (pattern: RegExp) => places.some((place) => pattern.test(place));
        expect(some(new RegExp(`^${escape(e2e.session.stateDir)}/.*\\.json:\\d+:\\d+$`))).toBe(true);
        expect(some(/^`pulumi stack export` of stack planted-leak, run 1, operation 2 `export`:/)).toBe(true);
        expect(some(/^engine output of stack planted-leak, run 1, operation 1 `up`:/)).toBe(true);
        expect(some(new RegExp(`^${escape(e2e.session.engineTmpDir)}/pulumi\\..*log.*:\\d+:\\d+$`))).toBe(true);
        expect(report.occurrences).toContainEqual(
          expect.objectContaining({ secret: expect.stringContaining("API token"), where: `${e2e.session.pulumiHome}/logs/planted.log:1:6` }),
        );

        let failure: unknown;
        try {
          e2e.session.close();
        } catch (error) {
          failure = error;
        }
        expect(failure).toBeInstanceOf(Error);
        const message = (failure as Error).message;
        expect(message).toMatch(/^e2e leak scan: \d+ occurrence\(s\) of a secret in plain text/);
        expect(message).toContain("engine output of stack planted-leak");
        expect(message).toContain(`${e2e.session.pulumiHome}/logs/planted.log:1:6`);
        expect(message).not.toContain(HEADER_VALUE);
        expect(message).not.toContain(TOKEN);
        expect(fs.existsSync(e2e.session.tempDir)).toBe(false);
      }),
    ENGINE_TIMEOUT_MS,
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
