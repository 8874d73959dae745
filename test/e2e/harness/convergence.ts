import { isOwnerHeaderName } from "../../../provider/webhook/owner-marker";
import type { Simulator, StoredWebhook } from "../../../simulator";
import type { OperationResult } from "../../../testkit/driver/protocol";
import { resourceName, webhookResources, type ExportedResource } from "../../../testkit/engine/exported-state";

// What "converged" means after a run under faults: OpenSolar holds exactly one webhook per
// declaration (no duplicates), state and OpenSolar name the same webhooks (no orphans), and
// what state records is what OpenSolar holds.

/** A webhook of the simulator, with the org it lives in. */
export interface HeldWebhook {
  readonly orgId: number;
  readonly webhook: StoredWebhook;
}

export function heldWebhooks(simulator: Simulator, orgIds: readonly number[]): HeldWebhook[] {
  return orgIds.flatMap((orgId) => simulator.webhooks(orgId).map((webhook) => ({ orgId, webhook })));
}

/**
 * What makes two webhooks the same declaration: org, endpoint, headers, flags, lists as sets.
 * The ownership marker does not count: two creates of one declaration carry two markers.
 */
export function declarationKey({ orgId, webhook }: HeldWebhook): string {
  const all = webhook.headers === "" ? {} : (JSON.parse(webhook.headers) as Record<string, string>);
  const headers = Object.fromEntries(Object.entries(all).filter(([name]) => !isOwnerHeaderName(name)));
  const asSet = (list: readonly string[] | null) => (list === null ? null : [...new Set(list)].sort());
  return JSON.stringify([
    orgId,
    webhook.endpoint,
    Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)),
    webhook.enabled,
    webhook.debug,
    asSet(webhook.trigger_fields),
    asSet(webhook.payload_fields),
  ]);
}

/** Webhooks beyond the first of each declaration. */
export function duplicates(held: readonly HeldWebhook[]): HeldWebhook[] {
  const seen = new Set<string>();
  const extra: HeldWebhook[] = [];
  for (const entry of held) {
    const key = declarationKey(entry);
    if (seen.has(key)) extra.push(entry);
    seen.add(key);
  }
  return extra;
}

export interface Orphans {
  /** "org/id" of webhooks OpenSolar holds that no resource in state records. */
  readonly notInState: string[];
  /** Resource names whose recorded webhook OpenSolar does not hold. */
  readonly notInOpenSolar: string[];
}

export function orphans(exported: OperationResult, held: readonly HeldWebhook[]): Orphans {
  const resources = webhookResources(exported);
  const recorded = new Set(resources.map(stateKey));
  const live = new Set(held.map(({ orgId, webhook }) => `${orgId}/${webhook.id}`));
  return {
    notInState: [...live].filter((key) => !recorded.has(key)),
    notInOpenSolar: resources.filter((resource) => !live.has(stateKey(resource))).map(resourceName),
  };
}

export function orphanCount(found: Orphans): number {
  return found.notInState.length + found.notInOpenSolar.length;
}

/** Where state and OpenSolar disagree (endpoint, enabled, debug, lists), one line per difference. */
export function stateDifferences(exported: OperationResult, held: readonly HeldWebhook[]): string[] {
  const byKey = new Map<string, StoredWebhook>(held.map((entry) => [`${entry.orgId}/${entry.webhook.id}`, entry.webhook]));
  const differences: string[] = [];
  for (const resource of webhookResources(exported)) {
    const live = byKey.get(stateKey(resource));
    if (!live) continue; // an orphan, counted there
    const outputs = resource.outputs ?? {};
    const compared: Array<[string, unknown, unknown]> = [
      ["endpoint", outputs["endpoint"], live.endpoint],
      ["enabled", outputs["enabled"], live.enabled],
      ["debug", outputs["debug"], live.debug],
      ["triggerFields", outputs["triggerFields"], live.trigger_fields],
      ["payloadFields", outputs["payloadFields"], live.payload_fields],
    ];
    for (const [property, recorded, actual] of compared) {
      if (JSON.stringify(recorded) !== JSON.stringify(actual)) {
        differences.push(`${resourceName(resource)}.${property}: state ${JSON.stringify(recorded)}, OpenSolar ${JSON.stringify(actual)}`);
      }
    }
  }
  return differences;
}

/** Creates the engine recorded as started but never finished (an interrupted `up`). */
export function pendingOperations(exported: OperationResult): unknown[] {
  if (exported.exportedText === undefined) throw new Error("e2e: this result has no export; run the `export` operation.");
  const parsed = JSON.parse(exported.exportedText) as { deployment?: { pending_operations?: unknown[] } };
  return parsed.deployment?.pending_operations ?? [];
}

function stateKey(resource: ExportedResource): string {
  return `${String(resource.outputs?.["orgId"])}/${String(resource.outputs?.["webhookId"])}`;
}

export interface Convergence {
  readonly duplicates: HeldWebhook[];
  readonly orphans: Orphans;
  readonly differences: string[];
  readonly pendingOperations: number;
}

/** Everything that must be empty after a run that converged, from one export and the simulator. */
export function convergence(exported: OperationResult, held: readonly HeldWebhook[]): Convergence {
  return {
    duplicates: duplicates(held),
    orphans: orphans(exported, held),
    differences: stateDifferences(exported, held),
    pendingOperations: pendingOperations(exported).length,
  };
}

export function hasConverged(found: Convergence): boolean {
  return (
    found.duplicates.length === 0 && orphanCount(found.orphans) === 0 && found.differences.length === 0 && found.pendingOperations === 0
  );
}
