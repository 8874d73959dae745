import { z } from "zod";
import { CliError } from "./cli-error";

// Reading the JSON `pulumi stack export` writes (a deployment of version 3): the resources
// with what this tool needs of them, and the operations an interrupted update left pending.
// Secret values stay as the export has them: `{ <sig>: <secret sig>, ciphertext }` when
// exported plainly, `{ <sig>: …, plaintext: <JSON text> }` with --show-secrets. Only the
// values the caller asks for are ever decoded.

/** The signature key and value that mark a secret in Pulumi's serialized state. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id: string | undefined;
  readonly parent: string | undefined;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  /** An old resource of a replacement, waiting to be deleted. */
  readonly pendingDelete: boolean;
  /** Every URN this resource depends on: dependencies, property dependencies, deletedWith. */
  readonly dependsOn: readonly string[];
}

export interface PendingOperation {
  readonly type: string;
  readonly urn: string;
  readonly resourceType: string;
}

export interface StackExport {
  readonly resources: readonly ExportedResource[];
  readonly pendingOperations: readonly PendingOperation[];
}

/** A value of an export, as this tool can use it. */
export type ExportedValue = { readonly readable: true; readonly value: unknown } | { readonly readable: false };

const resourceSchema = z.object({
  urn: z.string(),
  type: z.string(),
  custom: z.boolean().optional(),
  id: z.string().optional(),
  parent: z.string().optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  protect: z.boolean().optional(),
  delete: z.boolean().optional(),
  dependencies: z.array(z.string()).optional(),
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
  deletedWith: z.string().optional(),
});

const exportSchema = z.object({
  version: z.number(),
  deployment: z.object({
    resources: z.array(resourceSchema).optional(),
    pending_operations: z
      .array(z.object({ type: z.string(), resource: z.object({ urn: z.string(), type: z.string() }) }))
      .optional(),
  }),
});

/** The deployment format `pulumi stack export` has written since Pulumi 3.0. */
const SUPPORTED_VERSION = 3;

/** Parses the text of `file`; errors name the file and what is wrong, never its content. */
export function parseStackExport(text: string, file: string): StackExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON. Write it with \`pulumi stack export --file ${file}\` in the old stack and run again.`);
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join(".")})` : "";
    throw new CliError(
      `${file} is not the output of \`pulumi stack export\`${where}. Write it with \`pulumi stack export --file ${file}\` in the old stack and run again.`,
    );
  }
  if (parsed.data.version !== SUPPORTED_VERSION) {
    throw new CliError(
      `${file} is a stack export of deployment version ${parsed.data.version}; this tool reads version ${SUPPORTED_VERSION}. ` +
        `Export it again with a Pulumi 3.x CLI (\`pulumi stack export --file ${file}\`) and run again.`,
    );
  }
  const { deployment } = parsed.data;
  return {
    resources: (deployment.resources ?? []).map((resource) => ({
      urn: resource.urn,
      type: resource.type,
      custom: resource.custom ?? false,
      id: resource.id === "" ? undefined : resource.id,
      parent: resource.parent === "" ? undefined : resource.parent,
      outputs: resource.outputs ?? {},
      protect: resource.protect ?? false,
      pendingDelete: resource.delete ?? false,
      dependsOn: [
        ...(resource.dependencies ?? []),
        ...Object.values(resource.propertyDependencies ?? {}).flat(),
        ...(resource.deletedWith === undefined || resource.deletedWith === "" ? [] : [resource.deletedWith]),
      ],
    })),
    pendingOperations: (deployment.pending_operations ?? []).map((operation) => ({
      type: operation.type,
      urn: operation.resource.urn,
      resourceType: operation.resource.type,
    })),
  };
}

/** A value as the export holds it: plain, a secret exported with --show-secrets, or encrypted. */
export function exportedValue(value: unknown): ExportedValue {
  if (!isSecret(value)) return { readable: true, value };
  const plaintext = value["plaintext"];
  if (typeof plaintext !== "string") return { readable: false };
  try {
    return { readable: true, value: JSON.parse(plaintext) as unknown };
  } catch {
    return { readable: false };
  }
}

/** The resource's name: what follows the last `::` of its URN. */
export function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Whether a URN is the stack's own resource (`pulumi:pulumi:Stack`). */
export function isStackUrn(urn: string): boolean {
  const parts = urn.split("::");
  const type = parts[2] ?? "";
  return type === "pulumi:pulumi:Stack";
}

function isSecret(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE;
}
