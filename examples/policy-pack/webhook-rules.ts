// The three rules of the pack as plain functions of a webhook's inputs: each returns why the
// declaration breaks it, or nothing. They read inputs only (what a preview knows) and never
// quote a value: the reasons end up in PR comments and CI logs, and headers are secrets.

/** A webhook's inputs as a policy sees them (after the provider's check filled defaults). */
export type WebhookProps = Readonly<Record<string, unknown>>;

/**
 * https only. Plain http is a violation on every host, loopback included, and so is
 * `allowInsecureEndpoint: true` (its only use is to let http through): OpenSolar sends the
 * secret headers with every delivery, and a stack a PR review guards delivers to a real
 * receiver. A stack that posts to a local receiver is a development stack: preview it
 * without this pack.
 */
export function httpsOnlyViolations(props: WebhookProps): string[] {
  const violations: string[] = [];
  const endpoint = props["endpoint"];
  if (typeof endpoint !== "string") {
    violations.push("endpoint is not set: declare the https URL OpenSolar posts events to.");
  } else {
    const scheme = schemeOf(endpoint);
    if (scheme === undefined) violations.push("endpoint is not an absolute URL: declare an https URL (https://host/path).");
    else if (scheme !== "https") {
      violations.push(`endpoint uses ${scheme}, not https: OpenSolar would send the secret headers in clear text. Use an https URL.`);
    }
  }
  if (props["allowInsecureEndpoint"] === true) {
    violations.push("allowInsecureEndpoint is true: it only serves to let a plain-http endpoint through. Remove it and use https.");
  }
  return violations;
}

/**
 * A secret header present: at least one header with a value, the receiver's only proof that
 * a delivery comes from OpenSolar. Whether the value is a Pulumi secret cannot be seen here:
 * @pulumi/policy hands validateResource the inputs with secrets unwrapped. Both webhook
 * types make it one themselves (the dynamic OpenSolarWebhook wraps `headers` in
 * pulumi.secret, the native schema marks `headers` secret).
 */
export function secretHeaderViolations(props: WebhookProps): string[] {
  const headers = props["headers"];
  const named = typeof headers === "object" && headers !== null ? Object.entries(headers as Record<string, unknown>) : [];
  if (named.length === 0) {
    return ["headers is empty: declare at least one header with a secret value (for example X-OpenSolar-Webhook-Secret from `pulumi config set --secret`), so the receiver can tell OpenSolar's deliveries from anyone else's."];
  }
  const blank = named.filter(([, value]) => typeof value !== "string" || value.trim() === "").map(([name]) => name);
  if (blank.length === named.length) {
    return [`headers ${blank.join(", ")} ${blank.length === 1 ? "has" : "have"} no value: give at least one header a secret value.`];
  }
  return [];
}

/**
 * No `project.*` trigger: it fires on every change of every project field (notes, usage,
 * events), the noise OpenSolar itself advises against. Name the fields the receiver needs.
 * Leaving triggerFields out is fine: OpenSolar's documented defaults list fields.
 */
export function projectWideTriggerViolations(props: WebhookProps): string[] {
  const triggers = props["triggerFields"];
  if (!Array.isArray(triggers)) return [];
  const wide = triggers.some((path) => typeof path === "string" && path.trim().toLowerCase() === "project.*");
  return wide ? ['triggerFields holds "project.*", which fires on every change of any project field: list the project fields the receiver needs (for example "project.stage").'] : [];
}

/** The URL scheme in lower case ("https"), or undefined when `url` is not scheme://host. */
function schemeOf(url: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/[^/?#]/.exec(url.trim());
  return match?.[1]?.toLowerCase();
}
