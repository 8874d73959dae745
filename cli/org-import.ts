import { importNames } from "./import-names";
import { isOwnerHeaderName, type ApiWebhook } from "./provider-access";
import { NATIVE_WEBHOOK_TYPE, nativeImportId, type ImportFile } from "./pulumi-import-file";

// The import file for an org's webhooks as OpenSolar lists them. A webhook that carries a
// pulumi-opensolar ownership marker (a header name, owner-marker.ts) is managed by some
// stack already: importing it into another would make two stacks manage one webhook, so it
// is left out unless asked for, and always reported.

export interface OrgImport {
  readonly importFile: ImportFile;
  /** Ids of the webhooks left out because a stack manages them. */
  readonly managedLeftOut: readonly number[];
  /** Ids of managed webhooks written anyway (--include-managed). */
  readonly managedIncluded: readonly number[];
  /** Ids of webhooks whose headers OpenSolar answered in a form that cannot be read: no marker can be seen. */
  readonly unreadableHeaders: readonly number[];
}

export function orgImport(orgId: number, webhooks: readonly ApiWebhook[], options: { includeManaged: boolean }): OrgImport {
  const managed = webhooks.filter((webhook) => Object.keys(webhook.headers ?? {}).some(isOwnerHeaderName));
  const managedIds = new Set(managed.map((webhook) => webhook.id));
  const chosen = webhooks.filter((webhook) => options.includeManaged || !managedIds.has(webhook.id));
  const names = importNames(chosen);
  const byId = [...chosen].sort((a, b) => a.id - b.id);
  const ids = (list: readonly ApiWebhook[]): number[] => list.map((webhook) => webhook.id).sort((a, b) => a - b);
  return {
    importFile: {
      resources: byId.map((webhook) => ({
        type: NATIVE_WEBHOOK_TYPE,
        name: names.get(webhook.id) ?? `webhook-${webhook.id}`,
        id: nativeImportId(orgId, webhook.id),
      })),
    },
    managedLeftOut: options.includeManaged ? [] : ids(managed),
    managedIncluded: options.includeManaged ? ids(managed) : [],
    unreadableHeaders: ids(webhooks.filter((webhook) => webhook.headers === undefined)),
  };
}
