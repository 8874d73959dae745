// During `pulumi preview` a value that another resource has not produced yet reaches the
// provider as this exact string, whatever the property's type (checked against the SDK's
// runtime/rpc.ts). Validation must let it through and diff must treat it as "may change".
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True if the value or anything nested in it is still unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
