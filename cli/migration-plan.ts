import { CliError } from "./cli-error";
import { NATIVE_WEBHOOK_TYPE, nativeImportId, type ImportFile, type ImportResource } from "./pulumi-import-file";
import { exportedValue, isStackUrn, nameOf, type ExportedResource, type StackExport } from "./stack-export";

// From a `pulumi stack export` of a stack that declares the dynamic `OpenSolarWebhook`, the
// plan that moves it onto the native `opensolar:index:Webhook` without touching OpenSolar:
// an import file that adopts each webhook under the SAME name and parent (ids `ORG/ID`
// from its recorded outputs), and the `pulumi state delete` commands that then drop the
// dynamic resources from state (a state edit: no provider runs, no webhook is deleted).
// Whatever would make that unsafe is refused before anything is written.

/** The dynamic resource's type token (`pulumi.dynamic.Resource` with module `opensolar`). */
export const DYNAMIC_WEBHOOK_TYPE = "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook";
/** The dynamic secret: no object in OpenSolar, so it stays as it is. */
export const DYNAMIC_SECRET_TYPE = "pulumi-nodejs:dynamic/opensolar:WebhookSecret";

export interface StateDelete {
  readonly urn: string;
  /** The command, quoted for a POSIX shell. */
  readonly command: string;
}

export interface MigrationPlan {
  readonly importFile: ImportFile;
  /** One per dynamic webhook, in the export's order. */
  readonly stateDeletes: readonly StateDelete[];
  /** Facts for stderr: what was left as it is and why. */
  readonly notes: readonly string[];
}

interface Migrated {
  readonly resource: ExportedResource;
  readonly name: string;
  readonly orgId: number;
  readonly webhookId: number;
}

/** The plan for `exported` (read from `file`); throws a CliError naming every resource that blocks it. */
export function migrationPlan(exported: StackExport, file: string): MigrationPlan {
  const live = exported.resources.filter((resource) => resource.type === DYNAMIC_WEBHOOK_TYPE);
  if (live.length === 0) {
    throw new CliError(
      `${file} holds no OpenSolarWebhook (type ${DYNAMIC_WEBHOOK_TYPE}), so there is nothing to migrate. ` +
        "Export the stack that declares the dynamic webhooks (`pulumi stack export --stack <old stack> --file <file>`) and run again.",
    );
  }
  refusePendingWork(exported, file);

  const nativeUrns = new Set(exported.resources.filter((resource) => resource.type === NATIVE_WEBHOOK_TYPE).map((resource) => resource.urn));
  const problems: string[] = [];
  const migrated: Migrated[] = [];
  for (const resource of live) {
    const found = idsOf(resource, problems);
    if (found) migrated.push({ resource, name: nameOf(resource.urn), ...found });
  }
  if (problems.length > 0) {
    throw new CliError(`${file} cannot be migrated as it is, and nothing was written: ${problems.join("; ")}.`);
  }

  const notes: string[] = [];
  const toImport = migrated.filter((entry) => !nativeUrns.has(nativeUrnOf(entry.resource.urn)));
  const imported = migrated.filter((entry) => nativeUrns.has(nativeUrnOf(entry.resource.urn)));
  if (imported.length > 0) {
    notes.push(
      `${imported.length} webhook${imported.length === 1 ? " is" : "s are"} already in the stack as ${NATIVE_WEBHOOK_TYPE} ` +
        `(${imported.map((entry) => entry.name).join(", ")}): left out of the import file; their dynamic twins are still dropped below`,
    );
  }
  const secrets = exported.resources.filter((resource) => resource.type === DYNAMIC_SECRET_TYPE);
  if (secrets.length > 0) {
    notes.push(
      `${secrets.length} WebhookSecret resource${secrets.length === 1 ? "" : "s"} (${secrets.map((resource) => nameOf(resource.urn)).join(", ")}) ` +
        "stay as they are: they hold no object in OpenSolar, and keeping them keeps the secrets the receivers accept",
    );
  }
  notes.push(...dependentNotes(exported, migrated));

  return {
    importFile: importFileFor(toImport, migrated),
    stateDeletes: stateDeletesFor(migrated),
    notes,
  };
}

/** An interrupted update or an unfinished replacement: migrating now could lose a webhook. */
function refusePendingWork(exported: StackExport, file: string): void {
  const pending = exported.pendingOperations.filter((operation) => operation.resourceType === DYNAMIC_WEBHOOK_TYPE);
  if (pending.length > 0) {
    throw new CliError(
      `${file} records ${pending.length} unfinished operation${pending.length === 1 ? "" : "s"} on OpenSolarWebhook ` +
        `(${pending.map((operation) => `${operation.type} of ${nameOf(operation.urn)}`).join(", ")}): an update was interrupted. ` +
        "With the old program, run `pulumi refresh` (and answer its question about pending operations), then `pulumi up`, export again and run again.",
    );
  }
  const replaced = exported.resources.filter((resource) => resource.type === DYNAMIC_WEBHOOK_TYPE && resource.pendingDelete);
  if (replaced.length > 0) {
    throw new CliError(
      `${file} holds ${replaced.length} replaced OpenSolarWebhook${replaced.length === 1 ? "" : "s"} still waiting to be deleted ` +
        `(${replaced.map((resource) => nameOf(resource.urn)).join(", ")}). Run \`pulumi up\` with the old program to finish the replacement, export again and run again.`,
    );
  }
}

/** The org and webhook ids a resource recorded, or undefined with the problem pushed. */
function idsOf(resource: ExportedResource, problems: string[]): { orgId: number; webhookId: number } | undefined {
  const name = nameOf(resource.urn);
  const start = problems.length;
  const orgId = recordedId(resource, "orgId", problems);
  const webhookId = recordedId(resource, "webhookId", problems);
  if (webhookId !== undefined && resource.id !== undefined && resource.id !== String(webhookId)) {
    problems.push(`${name}: its id in state and its webhookId output differ; run \`pulumi refresh\` with the old program, export again`);
  }
  const late = exportedValue(resource.outputs["lateCopies"]);
  if (late.readable && Array.isArray(late.value) && late.value.length > 0) {
    problems.push(
      `${name}: refresh found ${late.value.length} late cop${late.value.length === 1 ? "y" : "ies"} of its webhook in OpenSolar; ` +
        "run `pulumi up` with the old program first (it deletes them), export again",
    );
  }
  if (problems.length > start || orgId === undefined || webhookId === undefined) return undefined;
  return { orgId, webhookId };
}

function recordedId(resource: ExportedResource, property: "orgId" | "webhookId", problems: string[]): number | undefined {
  const name = nameOf(resource.urn);
  const value = exportedValue(resource.outputs[property]);
  if (!value.readable) {
    problems.push(
      `${name}: its ${property} is encrypted in this export (the program made it secret). Export with ` +
        "`pulumi stack export --show-secrets --file <file>` (that file then holds the stack's secrets in plain text: delete it afterwards)",
    );
    return undefined;
  }
  if (typeof value.value !== "number" || !Number.isSafeInteger(value.value) || value.value <= 0) {
    problems.push(`${name}: it records no ${property} (a positive whole number); run \`pulumi up\` with the old program, export again`);
    return undefined;
  }
  return value.value;
}

/** The URN the native webhook of the same name and parent gets. */
export function nativeUrnOf(dynamicUrn: string): string {
  const parts = dynamicUrn.split("::");
  const types = (parts[2] ?? "").split("$");
  types[types.length - 1] = NATIVE_WEBHOOK_TYPE;
  parts[2] = types.join("$");
  return parts.join("::");
}

function importFileFor(toImport: readonly Migrated[], all: readonly Migrated[]): ImportFile {
  // Parents are named in nameTable by their own names, kept apart from every resource name.
  const taken = new Set(all.map((entry) => entry.name));
  const parentNames = new Map<string, string>();
  const resources: ImportResource[] = [];
  // By org and webhook id, as org-import does: the same state gives the same file, whatever
  // order the engine happened to write the resources in (creates run in parallel).
  const ordered = [...toImport].sort((a, b) => a.orgId - b.orgId || a.webhookId - b.webhookId);
  for (const entry of ordered) {
    const parentUrn = entry.resource.parent;
    let parent: string | undefined;
    if (parentUrn !== undefined && !isStackUrn(parentUrn)) {
      parent = parentNames.get(parentUrn);
      if (parent === undefined) {
        const base = nameOf(parentUrn);
        parent = taken.has(base) ? `${base}-parent` : base;
        for (let n = 2; taken.has(parent); n++) parent = `${base}-parent-${n}`;
        taken.add(parent);
        parentNames.set(parentUrn, parent);
      }
    }
    resources.push({
      type: NATIVE_WEBHOOK_TYPE,
      name: entry.name,
      id: nativeImportId(entry.orgId, entry.webhookId),
      ...(parent === undefined ? {} : { parent }),
    });
  }
  const nameTable = Object.fromEntries([...parentNames].map(([urn, name]) => [name, urn] as const));
  return { ...(parentNames.size > 0 ? { nameTable } : {}), resources };
}

function stateDeletesFor(migrated: readonly Migrated[]): StateDelete[] {
  return migrated.map(({ resource }) => {
    // A protected resource needs --force; the flag protects against `up`, not against this.
    const force = resource.protect ? " --force" : "";
    return { urn: resource.urn, command: `pulumi state delete ${shellQuoted(resource.urn)}${force} --yes` };
  });
}

/** Resources that depend on a dynamic webhook: `pulumi state delete` refuses to drop it under them. */
function dependentNotes(exported: StackExport, migrated: readonly Migrated[]): string[] {
  const urns = new Set(migrated.map((entry) => entry.resource.urn));
  const notes: string[] = [];
  for (const entry of migrated) {
    const dependents = exported.resources.filter(
      (resource) => !urns.has(resource.urn) && (resource.dependsOn.includes(entry.resource.urn) || resource.parent === entry.resource.urn),
    );
    if (dependents.length === 0) continue;
    notes.push(
      `${entry.name}: ${dependents.map((resource) => nameOf(resource.urn)).join(", ")} depend${dependents.length === 1 ? "s" : ""} on it, ` +
        "so `pulumi state delete` refuses it: first drop that dependency in the old program and run `pulumi up` (it changes " +
        "no webhook), or point it at the native webhook's URN with `pulumi stack export`, an edit and `pulumi stack import`",
    );
  }
  return notes;
}

/** Single quotes for a POSIX shell, a quote inside written as '\''. */
export function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
