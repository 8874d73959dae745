import { webhookImplementation, webhookSecretImplementation } from "./backend";
import type { PropertyValues } from "./properties";

// Diff as the engine shows it: which properties change and how, so `pulumi preview` lists
// `~ payloadFields` or `+- orgId` rather than "the resource changes". The decision itself
// (changes, replaces, which properties differ) is the implementation's; this only says how
// each one changes. `olds` are the recorded outputs, `news` the checked inputs.

export type PropertyChange = "add" | "delete" | "update" | "update-replace";

export interface DetailedDiff {
  readonly changes: boolean;
  readonly replaces: readonly string[];
  readonly properties: Readonly<Record<string, PropertyChange>>;
}

export async function webhookDiff(id: string, olds: PropertyValues, news: PropertyValues): Promise<DetailedDiff> {
  const decision = await webhookImplementation.diff(id, olds, news);
  const replaces = decision.replaces ?? [];
  const properties: Record<string, PropertyChange> = {};
  for (const name of decision.changed) {
    // Late copies found by refresh: the update deletes them.
    if (name === "lateCopies") properties[name] = "delete";
    else properties[name] = replaces.includes(name) ? "update-replace" : olds[name] === undefined ? "add" : "update";
  }
  return { changes: decision.changes === true, replaces, properties };
}

export async function webhookSecretDiff(id: string, olds: PropertyValues, news: PropertyValues): Promise<DetailedDiff> {
  const decision = await webhookSecretImplementation.diff(id, olds, news);
  const properties: Record<string, PropertyChange> = {};
  for (const name of decision.changed) properties[name] = olds[name] === undefined ? "add" : "update";
  return { changes: decision.changes === true, replaces: decision.replaces ?? [], properties };
}
