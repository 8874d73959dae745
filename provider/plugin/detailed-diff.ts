import { compareWebhook, comparableRecord, SECRET_INPUT_NAMES, webhookImplementation, webhookSecretImplementation, type WebhookOutputs } from "./backend";
import type { PropertyValues } from "./properties";

// Diff as the engine shows it: which properties change and how, so `pulumi preview` lists
// `~ payloadFields` or `+- orgId` rather than "the resource changes". The decision itself
// (changes, replaces) is the implementation's; this only names the properties. `olds` are
// the recorded outputs, `news` the checked inputs.

export type PropertyChange = "add" | "delete" | "update" | "update-replace";

export interface DetailedDiff {
  readonly changes: boolean;
  readonly replaces: readonly string[];
  readonly properties: Readonly<Record<string, PropertyChange>>;
}

export async function webhookDiff(id: string, olds: PropertyValues, news: PropertyValues): Promise<DetailedDiff> {
  const decision = await webhookImplementation.diff(id, olds, news);
  const replaces = decision.replaces ?? [];
  const recorded = olds as Partial<WebhookOutputs> & PropertyValues;
  const { changed } = compareWebhook(comparableRecord(recorded, news), news);
  const properties: Record<string, PropertyChange> = {};
  for (const name of changed) {
    properties[name] = replaces.includes(name) ? "update-replace" : recorded[name] === undefined ? "add" : "update";
  }
  // Late copies found by refresh: the update deletes them.
  if ((recorded.lateCopies ?? []).length > 0) properties["lateCopies"] = "delete";
  return { changes: decision.changes === true, replaces, properties };
}

export async function webhookSecretDiff(id: string, olds: PropertyValues, news: PropertyValues): Promise<DetailedDiff> {
  const decision = await webhookSecretImplementation.diff(id, olds, news);
  const properties: Record<string, PropertyChange> = {};
  for (const name of SECRET_INPUT_NAMES) if (olds[name] !== news[name]) properties[name] = olds[name] === undefined ? "add" : "update";
  return { changes: decision.changes === true, replaces: decision.replaces ?? [], properties };
}
