// Pulumi resource names for webhooks found in OpenSolar, derived from their endpoints:
// `https://crm.example.com/hooks` becomes `crm-example-com-hooks`. The names land in state,
// in URNs and in the code `pulumi import` generates, all in plain text, so only the parts of
// an endpoint that cannot be a credential are used: the host, and the leading path segments
// that read as words. Query strings, user info, and everything from the first segment that
// holds a digit or looks random onwards are left out (a Slack or Zapier hook URL carries its
// secret in the path).

/** What a name is made from. */
export interface NamedWebhook {
  readonly id: number;
  readonly endpoint: string;
}

/** Longer names are cut at a hyphen; generated code turns them into identifiers. */
export const MAX_NAME_LENGTH = 60;
const MAX_SEGMENT_LENGTH = 24;
// A path segment kept in a name: letters, then letters, dots, hyphens, underscores.
const WORD_SEGMENT = /^[A-Za-z][A-Za-z._-]*$/;
// camelCase words have a few lower-to-upper steps; a random token has many.
const MAX_CASE_STEPS = 2;

/** The name one endpoint suggests, before names are made unique. */
export function baseName(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "webhook";
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, "").replace(/^\[|\]$/g, "");
  const parts = [host];
  if (url.port !== "") parts.push(url.port);
  for (const raw of url.pathname.split("/")) {
    if (raw === "") continue;
    const segment = decoded(raw);
    if (!isWordSegment(segment)) break;
    parts.push(segment);
  }
  return shortened(slug(parts.join("-")));
}

/**
 * A name for each webhook, by id: readable, valid as a Pulumi name and in generated code,
 * unique, and the same for the same set of webhooks whatever order they come in. Webhooks
 * that share an endpoint's name are told apart by their ids.
 */
export function importNames(webhooks: readonly NamedWebhook[]): Map<number, string> {
  const sorted = [...webhooks].sort((a, b) => a.id - b.id);
  const bases = new Map<number, string>(sorted.map((webhook) => [webhook.id, baseName(webhook.endpoint)]));
  const sharing = new Map<string, number>();
  for (const base of bases.values()) sharing.set(base, (sharing.get(base) ?? 0) + 1);

  const names = new Map<number, string>();
  const taken = new Set<string>();
  // First the names that need no suffix, so a suffixed name never takes one of them.
  for (const webhook of sorted) {
    const base = bases.get(webhook.id) ?? "webhook";
    if (sharing.get(base) === 1) {
      names.set(webhook.id, base);
      taken.add(base);
    }
  }
  for (const webhook of sorted) {
    if (names.has(webhook.id)) continue;
    const candidate = `${bases.get(webhook.id) ?? "webhook"}-${webhook.id}`;
    let name = candidate;
    for (let n = 2; taken.has(name); n++) name = `${candidate}-${n}`;
    names.set(webhook.id, name);
    taken.add(name);
  }
  return names;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isWordSegment(segment: string): boolean {
  if (segment.length > MAX_SEGMENT_LENGTH || !WORD_SEGMENT.test(segment)) return false;
  const caseSteps = segment.match(/[a-z][A-Z]/g)?.length ?? 0;
  return caseSteps <= MAX_CASE_STEPS;
}

/** Lower case letters and digits joined by single hyphens, starting with a letter. */
function slug(text: string): string {
  const joined = text
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (joined === "") return "webhook";
  return /^[a-z]/.test(joined) ? joined : `webhook-${joined}`;
}

function shortened(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  const cut = name.slice(0, MAX_NAME_LENGTH + 1);
  const end = cut.lastIndexOf("-");
  return (end > 0 ? cut.slice(0, end) : name.slice(0, MAX_NAME_LENGTH)).replace(/-+$/, "");
}
