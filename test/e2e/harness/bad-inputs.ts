// A catalog of invalid inputs, packed into as few `pulumi preview` runs as the engine allows.
//
// The engine stops a preview at the first resource whose check fails, but it reports every
// failure of that resource. So each round is one resource that carries several cases, one
// per property, and cases that are elements of a map or a list (a bad header, a bad field
// path) share that property. Each case still has its own expected message.

export type BadInput = WholeValue | HeaderEntries | FieldPath;

/** The property as a whole is wrong (absent, wrong type, empty, oversized...). */
export interface WholeValue {
  readonly title: string;
  readonly property: string;
  /** What the program passes; the property is left out when `value` is absent. */
  readonly value?: unknown;
  /** The reason as check reports it, from its start. */
  readonly reason: string;
  /** The value must not be printed: check names the property in its reason only. */
  readonly unprintable?: true;
}

/** Entries of `headers` that are wrong (name or value); the failure names the header `at`. */
export interface HeaderEntries {
  readonly title: string;
  readonly property: "headers";
  readonly entries: Readonly<Record<string, string>>;
  readonly at: string;
  /** The reason after `headers["<at>"]: `. */
  readonly reason: string;
}

/** One bad element of a field list; the failure names its index in the round's list. */
export interface FieldPath {
  readonly title: string;
  readonly property: "triggerFields" | "payloadFields";
  readonly path: string;
  /** The reason after `<property>[<index>]: `. */
  readonly reason: string;
}

/** A case as one round carries it: its args are merged into the round's resource. */
export interface PlacedCase {
  readonly input: BadInput;
  readonly round: number;
  /** The property the engine names (`property <p> value ...`); undefined when it must name none. */
  readonly property: string | undefined;
  /** The whole reason, from its start, as the engine prints it after "has a problem: ". */
  readonly reason: string;
}

export interface Round {
  readonly index: number;
  readonly args: Record<string, unknown>;
  readonly cases: PlacedCase[];
}

/** A valid endpoint for the rounds that carry no endpoint case (the input is required). */
export const VALID_ENDPOINT = "https://receiver.example.com/opensolar/events";

/** Packs the cases into rounds, first fit: a whole value takes its property, elements share it. */
export function packRounds(inputs: readonly BadInput[]): Round[] {
  const rounds: Array<{ args: Record<string, unknown>; cases: PlacedCase[]; whole: Set<string>; shared: Set<string> }> = [];
  for (const input of inputs) {
    let index = rounds.findIndex((round) => fits(round, input));
    if (index === -1) {
      rounds.push({ args: {}, cases: [], whole: new Set(), shared: new Set() });
      index = rounds.length - 1;
    }
    const round = rounds[index] as (typeof rounds)[number];
    round.cases.push(place(round.args, input, index));
    if ("entries" in input || "path" in input) round.shared.add(input.property);
    else round.whole.add(input.property);
  }
  return rounds.map((round, index) => ({
    index,
    args: round.whole.has("endpoint") ? round.args : { endpoint: VALID_ENDPOINT, ...round.args },
    cases: round.cases,
  }));
}

function fits(round: { args: Record<string, unknown>; whole: Set<string>; shared: Set<string> }, input: BadInput): boolean {
  if (round.whole.has(input.property)) return false;
  if ("entries" in input) {
    const taken = new Set(Object.keys((round.args["headers"] ?? {}) as Record<string, string>).map((name) => name.toLowerCase()));
    return Object.keys(input.entries).every((name) => !taken.has(name.toLowerCase()));
  }
  if ("path" in input) return true;
  return !round.shared.has(input.property);
}

function place(args: Record<string, unknown>, input: BadInput, round: number): PlacedCase {
  if ("entries" in input) {
    args["headers"] = { ...((args["headers"] ?? {}) as Record<string, string>), ...input.entries };
    return { input, round, property: "headers", reason: `headers[${JSON.stringify(input.at)}]: ${input.reason}` };
  }
  if ("path" in input) {
    const list = [...((args[input.property] ?? []) as string[]), input.path];
    args[input.property] = list;
    return { input, round, property: input.property, reason: `${input.property}[${list.length - 1}]: ${input.reason}` };
  }
  if ("value" in input) args[input.property] = input.value;
  return { input, round, property: input.unprintable ? undefined : input.property, reason: input.reason };
}

/** One check failure as the engine printed it. */
export interface ReportedProblem {
  readonly resource: string;
  /** Absent when the failure named no property. */
  readonly property: string | undefined;
  readonly reason: string;
}

// "<type> resource '<name>': property <p> value {<value>} has a problem: <reason>", or without
// the property part. The value may span lines (it is printed as given).
const PROBLEM = /resource '([^']+)'(?:: property (\S+) value \{[\s\S]*?\})? has a problem: ([^\n]*)/g;

/** The distinct check failures in what the engine printed (a failed run repeats its output). */
export function reportedProblems(engineOutput: string): ReportedProblem[] {
  const seen = new Map<string, ReportedProblem>();
  for (const match of engineOutput.matchAll(PROBLEM)) {
    const problem = { resource: match[1] ?? "", property: match[2], reason: (match[3] ?? "").trimEnd() };
    seen.set(JSON.stringify(problem), problem);
  }
  return [...seen.values()];
}

/**
 * Refusals of URLs, headers and paths that cannot work as written (a parser would read
 * them otherwise than they look, or HTTP would change them on the way). `__proto__` as a
 * header name is not here: the Pulumi SDK's (de)serialization drops that key before check
 * can see it, so only the unit tests can give it to check.
 */
export const UNWORKABLE_INPUTS: readonly BadInput[] = [
  { title: "endpoint with port 0", property: "endpoint", value: "https://receiver.example.com:0/hook", reason: "endpoint uses port 0" },
  { title: "endpoint with an empty host", property: "endpoint", value: "https:///receiver.example.com/hook", reason: "endpoint has an empty host" },
  { title: "endpoint without // after the scheme", property: "endpoint", value: "https:receiver.example.com/hook", reason: "endpoint has no // after the scheme" },
  { title: "endpoint with a backslash", property: "endpoint", value: "https://receiver.example.com\\@evil.example.net/hook", reason: "endpoint contains a backslash" },
  {
    title: "endpoint with a zero-width space in the host",
    property: "endpoint",
    value: "https://receiver\u200b.example.com/hook",
    reason: "endpoint contains the invisible character U+200B",
  },
  { title: "endpoint with an empty #fragment", property: "endpoint", value: `${VALID_ENDPOINT}#`, reason: "endpoint has a #fragment" },
  { title: "reserved header Expect", property: "headers", entries: { Expect: "100-continue" }, at: "Expect", reason: '"Expect" is set by OpenSolar\'s delivery' },
  { title: "reserved header TE", property: "headers", entries: { TE: "trailers" }, at: "TE", reason: '"TE" is set by OpenSolar\'s delivery' },
  { title: "reserved header Upgrade", property: "headers", entries: { Upgrade: "h2c" }, at: "Upgrade", reason: '"Upgrade" is set by OpenSolar\'s delivery' },
  { title: "reserved header Keep-Alive", property: "headers", entries: { "Keep-Alive": "timeout=5" }, at: "Keep-Alive", reason: '"Keep-Alive" is set by OpenSolar\'s delivery' },
  {
    title: "header name with the owner-marker prefix",
    property: "headers",
    entries: { "X-Pulumi-Opensolar-Owner-Squat": "squat-secret-31a9" },
    at: "X-Pulumi-Opensolar-Owner-Squat",
    reason: '"X-Pulumi-Opensolar-Owner-Squat" is reserved',
  },
  { title: "header value with a control character", property: "headers", entries: { "X-Bell": "bell-secret\u0007-6b0e" }, at: "X-Bell", reason: "the value contains a control character" },
  { title: "header value beyond Latin-1", property: "headers", entries: { "X-Euro": "euro-secret-€-2c4f" }, at: "X-Euro", reason: "the value contains a character beyond Latin-1" },
  { title: "header value with a leading space", property: "headers", entries: { "X-Padded": " padded-secret-8d1a" }, at: "X-Padded", reason: "the value starts or ends with white space" },
  { title: "header value with a trailing space", property: "headers", entries: { "X-Trailing": "trailing-secret-0e5c " }, at: "X-Trailing", reason: "the value starts or ends with white space" },
  { title: "field path over 200 characters", property: "payloadFields", path: `project.${"a".repeat(193)}`, reason: "the field path is longer than 200 characters" },
];

/** A JavaScript program's misspelt inputs, one of them holding a secret the preview must not print. */
export const MISSPELT_SECRET = "typo-secret-in-header-4d7b";
export const MISSPELT_INPUTS: Readonly<Record<string, unknown>> = {
  triggerFeilds: ["project.stage"],
  orgID: 2,
  header: { "X-Token": MISSPELT_SECRET },
};
/** What check says about each, from its start; the failures name no property. */
export const MISSPELT_REASONS: readonly string[] = [
  "triggerFeilds is not an input of OpenSolarWebhook (did you mean triggerFields?)",
  "orgID is not an input of OpenSolarWebhook (did you mean orgId?)",
  "header is not an input of OpenSolarWebhook (did you mean headers?)",
];
