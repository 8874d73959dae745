// Set by the delivery itself; a configured twin would send the header twice.
const OWN_HEADERS = new Set(["content-type", "content-length"]);

/**
 * The webhook's `headers` (a JSON string holding an object, or blank) as request headers,
 * plus `Content-Type: application/json`. undefined when the text is not a JSON object, which
 * only out-of-band edits can store: the API refuses it.
 */
export function deliveryHeaders(configured: string): Record<string, string> | undefined {
  let parsed: unknown = {};
  if (configured.trim() !== "") {
    try {
      parsed = JSON.parse(configured);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (OWN_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  headers["Content-Type"] = "application/json";
  return headers;
}
