import type { OperationResult } from "../driver/protocol";

// Reading `pulumi stack export` output: the resources and their recorded properties.

export const WEBHOOK_TYPE = "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook";

export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

export function exportedResources(exported: OperationResult): ExportedResource[] {
  if (exported.exportedText === undefined) throw new Error("e2e: this result has no export; run the `export` operation.");
  const parsed = JSON.parse(exported.exportedText) as { deployment?: { resources?: ExportedResource[] } };
  return parsed.deployment?.resources ?? [];
}

export function webhookResources(exported: OperationResult): ExportedResource[] {
  return exportedResources(exported).filter((resource) => resource.type === WEBHOOK_TYPE);
}

/** The resource's name: the last part of its URN. */
export function resourceName(resource: ExportedResource): string {
  return resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
}
