import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import type { StepRecord } from "./protocol";

// Records what the engine did to each resource of the program, from its event stream: the
// op ("create", "update", "replace", "same", "delete", ...) and which properties differ.
// The stack itself and provider resources are left out. Dynamic providers report no
// per-property diff of their own, so "changed" compares the step's old and new inputs (a
// refresh reports the inputs that describe what OpenSolar holds, so drift shows there too;
// outputs would add the ones a preview cannot know yet). The event stream shows secrets
// as "[secret]": a changed secret value does not show, only one that appears or goes away.

const IGNORED = new Set(["__provider"]);
// How the engine's events show a value that is not known yet.
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export class StepRecorder {
  private readonly recorded: StepRecord[] = [];

  readonly onEvent = (event: EngineEvent): void => {
    // One outputs event per resource step, with its final op (a refresh reports "update"
    // for drift, "delete" for a resource that is gone).
    const metadata = event.resOutputsEvent?.metadata;
    if (!metadata) return;
    if (metadata.type === "pulumi:pulumi:Stack" || metadata.type.startsWith("pulumi:providers:")) return;
    this.recorded.push({
      name: metadata.urn.slice(metadata.urn.lastIndexOf("::") + 2),
      type: metadata.type,
      op: metadata.op,
      changed: changedProperties(metadata),
      replaceKeys: [...(metadata.keys ?? [])].sort(),
      unknownInputs: unknownInputs(metadata),
    });
  };

  get steps(): readonly StepRecord[] {
    return this.recorded;
  }
}

function changedProperties(metadata: StepEventMetadata): string[] {
  const { old, new: next } = metadata;
  if (!old || !next) return [];
  const before = old.inputs ?? {};
  const after = next.inputs ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => !IGNORED.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

function unknownInputs(metadata: StepEventMetadata): string[] {
  const inputs = metadata.new?.inputs ?? {};
  return Object.keys(inputs)
    .filter((key) => !IGNORED.has(key) && isUnknown(inputs[key]))
    .sort();
}

function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}
