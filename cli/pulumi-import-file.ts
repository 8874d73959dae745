// The JSON `pulumi import --file` reads (pulumi/pulumi pkg/cmd/pulumi/operations/import.go,
// `importFile` and `importSpec`): resources by type, name and id; a `parent` names an entry
// of `nameTable`, which maps names to URNs already in the stack.

/** The native provider's webhook type, served by `pulumi-resource-opensolar`. */
export const NATIVE_WEBHOOK_TYPE = "opensolar:index:Webhook";

export interface ImportResource {
  readonly type: string;
  readonly name: string;
  /** The native webhook's import id: `ORG/WEBHOOK`. */
  readonly id: string;
  /** A key of `nameTable`: the resource's parent, already in the stack. */
  readonly parent?: string;
}

export interface ImportFile {
  readonly nameTable?: Readonly<Record<string, string>>;
  readonly resources: readonly ImportResource[];
}

/** The import id of a native webhook. */
export function nativeImportId(orgId: number, webhookId: number): string {
  return `${orgId}/${webhookId}`;
}

/** The file's text: stable key order, two-space indent, a final newline. */
export function formatImportFile(file: ImportFile): string {
  const ordered: ImportFile = {
    ...(file.nameTable !== undefined && Object.keys(file.nameTable).length > 0 ? { nameTable: file.nameTable } : {}),
    resources: file.resources.map((resource) => ({
      type: resource.type,
      name: resource.name,
      id: resource.id,
      ...(resource.parent === undefined ? {} : { parent: resource.parent }),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
