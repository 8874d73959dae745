import type { OperationResult } from "../../testkit/driver/protocol";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { startTestSimulator } from "../../testkit/test-simulator";
import {
  MISSPELT_INPUTS,
  MISSPELT_REASONS,
  MISSPELT_SECRET,
  packRounds,
  reportedProblems,
  UNWORKABLE_INPUTS,
  VALID_ENDPOINT,
  type BadInput,
  type ReportedProblem,
  type Round,
} from "./harness/bad-inputs";
import { useE2eSession } from "./harness/use-e2e-session";

// Invalid inputs, as a JavaScript program could pass them (no type checks), must fail at
// `pulumi preview` with a message that names the property, and OpenSolar must hear nothing.
// The engine reports every failure of the first invalid resource it meets, so each preview
// carries one resource with several cases (see harness/bad-inputs.ts); the previews run in
// parallel, each with a stack and a simulator of its own.

const CREDENTIAL = "hunter2-in-the-url";
const LONG_VALUE = "x".repeat(4097);
const TOO_MANY_PATHS = Array.from({ length: 501 }, (_, index) => `project.field_${index}`);
const TOO_MANY_HEADERS = Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`X-Header-${index}`, `many-headers-secret-${index}`]));
const EMPTY_LIST = "must not be empty: OpenSolar stores a blank list as null, which fires on every change";
const NOT_A_PATH = "is not a field path: write model.field";

const CATALOG: readonly BadInput[] = [
  // endpoint
  { title: "endpoint left out", property: "endpoint", reason: "endpoint is required" },
  { title: "endpoint is a number", property: "endpoint", value: 443, reason: "endpoint must be a string" },
  { title: "endpoint is empty", property: "endpoint", value: "", reason: "endpoint is not an absolute URL" },
  { title: "endpoint uses ftp", property: "endpoint", value: "ftp://files.example.com/hook", reason: 'endpoint uses the scheme "ftp": only https' },
  {
    title: "endpoint uses plain http to a remote host",
    property: "endpoint",
    value: "http://receiver.example.com/hook",
    reason: "endpoint uses http: OpenSolar would send the secret headers in clear text",
  },
  {
    title: "endpoint carries credentials",
    property: "endpoint",
    value: `https://admin:${CREDENTIAL}@receiver.example.com/hook`,
    reason: "endpoint contains credentials (user:password@)",
    unprintable: true,
  },
  { title: "endpoint has a #fragment", property: "endpoint", value: `${VALID_ENDPOINT}#top`, reason: "endpoint has a #fragment" },
  {
    title: "endpoint with CR/LF injection",
    property: "endpoint",
    value: `${VALID_ENDPOINT}\r\nX-Injected: 1`,
    reason: "endpoint contains white space or control characters",
  },
  { title: "endpoint over 2048 characters", property: "endpoint", value: `${VALID_ENDPOINT}/${"a".repeat(2048)}`, reason: "endpoint is longer than 2048" },
  // org ids
  { title: "orgId as a string", property: "orgId", value: "1", reason: "orgId must be a number" },
  { title: "orgId zero", property: "orgId", value: 0, reason: "orgId must be positive" },
  { title: "orgId negative", property: "orgId", value: -7, reason: "orgId must be positive" },
  { title: "orgId with a fraction", property: "orgId", value: 1.5, reason: "orgId must be a whole number" },
  { title: "adoptWebhookId as a string", property: "adoptWebhookId", value: "132", reason: "adoptWebhookId must be a number" },
  { title: "adoptWebhookId zero", property: "adoptWebhookId", value: 0, reason: "adoptWebhookId must be positive" },
  // flags and options
  { title: "enabled as a string", property: "enabled", value: "yes", reason: "enabled must be true or false" },
  { title: "debug as a number", property: "debug", value: 1, reason: "debug must be true or false" },
  { title: "allowInsecureEndpoint as a string", property: "allowInsecureEndpoint", value: "true", reason: "allowInsecureEndpoint must be true or false" },
  { title: "onDelete unknown", property: "onDelete", value: "archive", reason: 'onDelete must be "delete" or "disable"' },
  // headers as a whole
  { title: "headers as a list", property: "headers", value: ["X-Signature: value"], reason: "headers must be an object" },
  { title: "headers as a string", property: "headers", value: "X-Signature: value", reason: "headers must be an object" },
  { title: "a header value that is a number", property: "headers", value: { "X-Retries": 3 }, reason: 'headers["X-Retries"]: header values must be strings' },
  { title: "more than 32 headers", property: "headers", value: TOO_MANY_HEADERS, reason: "headers must hold at most 32 headers" },
  // header names and values
  { title: "header name with CR/LF", property: "headers", entries: { "X-Sig\r\nX-Evil": "v" }, at: "X-Sig\r\nX-Evil", reason: "\"X-Sig\\r\\nX-Evil\" is not a valid HTTP header name" },
  { title: "header name with a space", property: "headers", entries: { "X Token": "v" }, at: "X Token", reason: '"X Token" is not a valid HTTP header name' },
  { title: "empty header name", property: "headers", entries: { "": "v" }, at: "", reason: '"" is not a valid HTTP header name' },
  { title: "header name with a colon", property: "headers", entries: { "X-Colon:": "v" }, at: "X-Colon:", reason: '"X-Colon:" is not a valid HTTP header name' },
  { title: "reserved header Host", property: "headers", entries: { Host: "smuggled-host.example.net" }, at: "Host", reason: '"Host" is set by OpenSolar\'s delivery' },
  { title: "reserved header content-length", property: "headers", entries: { "content-length": "0" }, at: "content-length", reason: '"content-length" is set by OpenSolar\'s delivery' },
  {
    title: "header value with CR/LF injection",
    property: "headers",
    entries: { "X-Crlf": "crlf-secret-4e1f\r\nX-Smuggled: yes" },
    at: "X-Crlf",
    reason: "the value contains a line break or NUL (header injection)",
  },
  { title: "header value with NUL", property: "headers", entries: { "X-Nul": "nul-secret\u0000-7c2d" }, at: "X-Nul", reason: "the value contains a line break or NUL" },
  { title: "blank header value", property: "headers", entries: { "X-Blank": "   " }, at: "X-Blank", reason: "the value is empty" },
  { title: "header value over 4096 characters", property: "headers", entries: { "X-Long": LONG_VALUE }, at: "X-Long", reason: "the value is longer than 4096" },
  {
    title: "header names differing only by case",
    property: "headers",
    entries: { "X-Signature": "twin-secret-one-5b", "x-signature": "twin-secret-two-9d" },
    at: "x-signature",
    reason: '"x-signature" repeats "X-Signature": header names ignore case',
  },
  // field lists as a whole
  { title: "empty triggerFields", property: "triggerFields", value: [], reason: `triggerFields ${EMPTY_LIST}` },
  { title: "empty payloadFields", property: "payloadFields", value: [], reason: `payloadFields ${EMPTY_LIST}` },
  { title: "triggerFields as a string", property: "triggerFields", value: "project.stage", reason: "triggerFields must be a list of field paths" },
  { title: "501 triggerFields", property: "triggerFields", value: TOO_MANY_PATHS, reason: "triggerFields must hold at most 500" },
  { title: "501 payloadFields", property: "payloadFields", value: TOO_MANY_PATHS, reason: "payloadFields must hold at most 500" },
  { title: "a field path that is a number", property: "payloadFields", value: ["project.id", 7], reason: "payloadFields[1]: each field path must be a string" },
  // field paths
  { title: "unknown model", property: "triggerFields", path: "invoice.total", reason: '"invoice.total" names the unknown model "invoice"' },
  { title: "model in the wrong case", property: "triggerFields", path: "Project.stage", reason: '"Project.stage" names the unknown model "Project"' },
  { title: "model without a field", property: "triggerFields", path: "project", reason: `"project" ${NOT_A_PATH}` },
  { title: "empty field path", property: "triggerFields", path: "", reason: `"" ${NOT_A_PATH}` },
  { title: "wildcard below the model", property: "triggerFields", path: "project.*.kw", reason: '"project.*.kw" uses "*" below the model' },
  { title: "segment with a dash", property: "payloadFields", path: "project.bad-seg", reason: '"project.bad-seg" has the invalid segment "bad-seg"' },
  { title: "empty segment", property: "payloadFields", path: "contact..email", reason: '"contact..email" has the invalid segment ""' },
  { title: "double wildcard", property: "payloadFields", path: "event.**", reason: '"event.**" has the invalid segment "**"' },
  // URLs, headers and paths that cannot work as written
  ...UNWORKABLE_INPUTS,
];

const ROUNDS = packRounds(CATALOG);
/** Previews at once: enough to overlap the engine's waits, few enough for two cores. */
const PARALLEL_PREVIEWS = 3;

interface RoundOutcome {
  readonly result: OperationResult;
  readonly problems: ReportedProblem[];
  readonly requests: number;
}

const e2e = useE2eSession();
const outcomes = new Map<string, RoundOutcome>();

/** One preview of `args` as a raw (untyped) OpenSolarWebhook, on a stack and simulator of its own. */
async function previewRaw(stackName: string, resource: string, args: Record<string, unknown>): Promise<RoundOutcome> {
  const simulator = await startTestSimulator();
  try {
    const stack = e2e.stack(stackName, simulator);
    const [result] = (await stack.drive({ webhooks: [], rawWebhooks: [{ name: resource, args }] }, ["preview"])).results;
    if (!result) throw new Error(`e2e: no preview result for ${stackName}`);
    return { result, problems: reportedProblems(result.engineOutput), requests: simulator.requests.length };
  } finally {
    await simulator.close();
  }
}

async function inParallel<T>(width: number, jobs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await (jobs[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
  return results;
}

const roundResource = (round: Round) => `bad-input-${round.index}`;
const TYPO_PROBE = "misspelt-inputs";

beforeAll(async () => {
  const jobs = [
    ...ROUNDS.map((round) => async () => outcomes.set(roundResource(round), await previewRaw(`catalog-${round.index}`, roundResource(round), round.args))),
    // Misspelt input names, as only a JavaScript program can write them.
    async () =>
      outcomes.set(
        TYPO_PROBE,
        await previewRaw("catalog-typos", TYPO_PROBE, { endpoint: VALID_ENDPOINT, ...MISSPELT_INPUTS }),
      ),
  ];
  await inParallel(PARALLEL_PREVIEWS, jobs);
}, 4 * ENGINE_TIMEOUT_MS);

function outcomeOf(resource: string): RoundOutcome {
  const outcome = outcomes.get(resource);
  if (!outcome) throw new Error(`e2e: the preview of ${resource} did not run (see beforeAll)`);
  return outcome;
}

// Counted from what the previews reported, so a catalog that shrank, or cases the engine
// never reported, fail here.
test("the previews report at least 30 invalid inputs, each case of the catalog once", () => {
  const reported = ROUNDS.flatMap((round) => outcomeOf(roundResource(round)).problems.filter((problem) => problem.resource === roundResource(round)));
  console.log(`bad-input catalog: ${reported.length} problems reported for ${CATALOG.length} cases in ${ROUNDS.length} previews`);
  expect(reported.length).toBeGreaterThanOrEqual(30);
  expect(reported).toHaveLength(CATALOG.length);
});

describe.each(ROUNDS.map((round) => ({ round, resource: roundResource(round), size: round.cases.length })))(
  "preview $resource ($size cases)",
  ({ round, resource }) => {
    test("fails, reports exactly its cases, and sends OpenSolar nothing", () => {
      const { result, problems, requests } = outcomeOf(resource);
      expect(result.ok).toBe(false);
      expect(requests).toBe(0);
      expect(problems.filter((problem) => problem.resource === resource)).toHaveLength(round.cases.length);
    });

    test.each(round.cases.map((placed) => ({ ...placed, title: placed.input.title })))("$title: names $property", (placed) => {
      const { problems } = outcomeOf(resource);
      const reported = problems.filter((problem) => problem.resource === resource && problem.property === placed.property);
      expect(reported.map((problem) => problem.reason)).toContainEqual(expect.stringMatching(new RegExp(`^${escape(placed.reason)}`)));
    });
  },
);

// From JavaScript nothing stops a misspelt input name; it must not silently become the
// default (`triggerFeilds` → the default trigger list, `orgID: 2` → the default org). The
// failure names it in its reason only: the engine prints the value of a property a failure
// names, and a misspelt `header:` holds a secret.
test("misspelt input names (triggerFeilds, orgID, header) are rejected at preview by name, values unprinted", () => {
  const { result, problems, requests } = outcomeOf(TYPO_PROBE);
  expect(requests).toBe(0);
  expect(result.ok).toBe(false);
  const typos = problems.filter((problem) => problem.resource === TYPO_PROBE);
  expect(typos.map((problem) => problem.property)).toEqual(MISSPELT_REASONS.map(() => undefined));
  expect(typos.map((problem) => problem.reason).sort()).toEqual([...MISSPELT_REASONS].sort());
  expect(result.engineOutput).not.toContain(MISSPELT_SECRET);
});

// The engine prints the value of a failing property; a password in the URL must not be in it.
test("a password in the endpoint URL is not printed by preview", () => {
  const placed = ROUNDS.flatMap((round) => round.cases).find((candidate) => candidate.input.title === "endpoint carries credentials");
  if (!placed) throw new Error("the catalog lost its credentials case");
  const { result } = outcomeOf(`bad-input-${placed.round}`);
  expect(result.engineOutput).not.toContain(CREDENTIAL);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
