import type { CliStack } from "./cli-session";

// What `pulumi <operation> --json` prints, read the way a script reads it. `preview --json`
// prints one JSON document (the plan); `up`, `refresh` and `destroy --json` print that plan
// document, then the engine's events one JSON object a line, the last summary among them.

/** One step of the plan: what the engine will do to a resource, and why. */
export interface PlanStep {
  readonly op: string;
  readonly urn: string;
  readonly diffReasons?: readonly string[];
  readonly detailedDiff?: Readonly<Record<string, { readonly kind: string; readonly inputDiff?: boolean }>>;
}

export interface CliJsonResult {
  /** The plan: operation counts, by kind, and each resource's step. */
  readonly changeSummary: Readonly<Record<string, number>>;
  readonly steps: readonly PlanStep[];
  /** The engine's summary event (absent for a preview): what it did, by kind. */
  readonly resourceChanges?: Readonly<Record<string, number>>;
}

export function parseCliJson(output: string, command: string): CliJsonResult {
  const start = output.indexOf("{");
  if (start === -1) throw new Error(`e2e: \`${command}\` printed no JSON:\n${output.slice(-3000)}`);
  const { document, end } = firstDocument(output, start, command);
  const plan = document as { changeSummary?: Record<string, number>; steps?: PlanStep[] };
  let resourceChanges: Record<string, number> | undefined;
  for (const line of output.slice(end).split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { summaryEvent?: { resourceChanges?: Record<string, number> } };
    if (event.summaryEvent) resourceChanges = event.summaryEvent.resourceChanges ?? {};
  }
  return { changeSummary: plan.changeSummary ?? {}, steps: plan.steps ?? [], ...(resourceChanges ? { resourceChanges } : {}) };
}

/** The pretty-printed document starting at `start`: it ends at the first line that is a lone "}". */
function firstDocument(output: string, start: number, command: string): { document: unknown; end: number } {
  const closing = output.indexOf("\n}", start);
  if (closing === -1) throw new Error(`e2e: \`${command}\` printed a JSON document that does not end:\n${output.slice(-3000)}`);
  const end = closing + 2;
  return { document: JSON.parse(output.slice(start, end)), end };
}

/** The step for the resource named `name` (the last part of its URN). */
export function stepOf(result: CliJsonResult, name: string): PlanStep {
  const step = result.steps.find((candidate) => candidate.urn.endsWith(`::${name}`));
  if (!step) throw new Error(`e2e: the plan has no step for ${name}; it has ${result.steps.map((s) => s.urn).join(", ")}.`);
  return step;
}

/** `pulumi <args> --json` in the stack's project, which must succeed; the plan and the engine's summary. */
export async function pulumiJson(stack: CliStack, ...args: string[]): Promise<CliJsonResult> {
  return parseCliJson(await stack.pulumi(...args, "--json"), `pulumi ${args.join(" ")} --json`);
}
