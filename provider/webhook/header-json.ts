// Headers travel to and from OpenSolar as a JSON string holding an object.

/** OpenSolar keeps headers as a JSON string holding an object; tolerate an object too. */
export function parseHeaders(value: string | Record<string, unknown> | null | undefined): Record<string, string> | undefined {
  if (value === null || value === undefined || value === "") return {};
  let object: unknown = value;
  if (typeof value === "string") {
    try {
      object = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  const result: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(object)) result[name] = String(headerValue);
  return result;
}

export function serializeHeaders(headers: Readonly<Record<string, string>>): string {
  return JSON.stringify(headers);
}
