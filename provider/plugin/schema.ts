import { CONFIG_KEYS, DEFAULT_BASE_URL, DEFAULT_PAYLOAD_FIELDS, DEFAULT_SECRET_HEADER, DEFAULT_TRIGGER_FIELDS } from "./backend";
import { WEBHOOK_SECRET_TYPE, WEBHOOK_TYPE } from "./resources";

// The Pulumi package schema of the `opensolar` provider: what GetSchema answers, what
// `schema.json` holds (written from this at build time), and what SDKs are generated from.
// Descriptions are the JSDoc of the TypeScript classes (provider/webhook.ts,
// provider/webhook-secret.ts, provider/settings.ts). `headers` and the API token are secret.
// The provider's own `ownerKey` is recorded in state but is no input nor output here.

interface PropertySpec {
  readonly type?: "string" | "integer" | "boolean" | "number" | "array" | "object";
  readonly $ref?: string;
  readonly items?: PropertySpec;
  readonly additionalProperties?: PropertySpec;
  readonly description?: string;
  readonly secret?: boolean;
  readonly default?: string | number | boolean;
  readonly replaceOnChanges?: boolean;
}

type Properties = Readonly<Record<string, PropertySpec>>;

const STRING_LIST: PropertySpec = { type: "array", items: { type: "string" } };
const STRING_MAP: PropertySpec = { type: "object", additionalProperties: { type: "string" } };

const CONFIG: Properties = {
  apiToken: {
    type: "string",
    secret: true,
    description:
      "The OpenSolar API token (a machine user's token does not expire; a standard user's expires after 7 days). " +
      "Falls back to the OPENSOLAR_API_TOKEN environment variable.",
  },
  baseUrl: { type: "string", description: `The OpenSolar API root. Falls back to OPENSOLAR_BASE_URL; default ${DEFAULT_BASE_URL}.` },
  orgId: { type: "integer", description: "The default org of webhooks that set no `orgId`. Falls back to OPENSOLAR_ORG_ID." },
  timeoutMs: { type: "integer", description: "Deadline of one attempt: connect, headers and body together, in milliseconds. Default 15000." },
  maxRetries: { type: "integer", description: "Retries of a failed idempotent call (0 or more). Falls back to OPENSOLAR_MAX_RETRIES." },
  maxConcurrency: { type: "integer", description: "Calls in flight to one org at a time. Default 8." },
  debug: { type: "boolean", description: "Log the provider's HTTP calls (methods, paths, statuses; never tokens or header values) to the engine's log." },
};

const WEBHOOK_INPUTS: Properties = {
  orgId: {
    type: "integer",
    replaceOnChanges: true,
    description: "The org that owns the webhook. Changing it replaces the webhook. Default: the provider's `orgId` (`opensolar:orgId`, or OPENSOLAR_ORG_ID).",
  },
  endpoint: {
    type: "string",
    description: "Where OpenSolar POSTs events: an absolute https URL (http only for loopback hosts or with `allowInsecureEndpoint`).",
  },
  headers: {
    ...STRING_MAP,
    secret: true,
    description: "Headers sent with every delivery, the receiver's only proof of origin. Kept secret in state and output. Default {}.",
  },
  enabled: { type: "boolean", default: true, description: "Whether OpenSolar delivers events to the endpoint." },
  debug: { type: "boolean", default: false, description: "OpenSolar's `debug` flag (unused by OpenSolar today)." },
  triggerFields: {
    ...STRING_LIST,
    description: `Dotted field paths whose changes fire the webhook (\`project.stage\`, \`contact.*\`). Compared as a set. Default: ${DEFAULT_TRIGGER_FIELDS.length} documented paths (${DEFAULT_TRIGGER_FIELDS.slice(0, 3).join(", ")}, …).`,
  },
  payloadFields: {
    ...STRING_LIST,
    description: `Dotted field paths sent in each delivery. Compared as a set. Default: ${DEFAULT_PAYLOAD_FIELDS.length} documented paths (${DEFAULT_PAYLOAD_FIELDS.slice(0, 3).join(", ")}, …).`,
  },
  allowInsecureEndpoint: {
    type: "boolean",
    default: false,
    description: "Allow a plain-http endpoint on a non-loopback host (headers then travel in clear text).",
  },
  onDelete: {
    type: "string",
    default: "delete",
    description: 'What `pulumi destroy` (or a replacement) does: "delete" the webhook, or "disable" it and leave it in OpenSolar.',
  },
  adoptWebhookId: {
    type: "integer",
    description: "Take an existing webhook under management instead of creating one: it is updated to match these inputs. Only read at creation.",
  },
};

const WEBHOOK_OUTPUTS: Properties = {
  webhookId: { type: "integer", description: "OpenSolar's id of the webhook." },
  url: { type: "string", description: "The webhook's API URL, as OpenSolar reports it." },
  orgId: { type: "integer", description: "The org that owns the webhook." },
  endpoint: { type: "string", description: "Where OpenSolar POSTs events, as OpenSolar stores it." },
  headers: { ...STRING_MAP, secret: true, description: "The declared headers as OpenSolar holds them (without the ownership marker). Secret." },
  enabled: { type: "boolean", description: "Whether OpenSolar delivers events to the endpoint." },
  debug: { type: "boolean", description: "OpenSolar's `debug` flag." },
  triggerFields: { ...STRING_LIST, description: 'As OpenSolar stores it; null means "every change fires" (set outside Pulumi).' },
  payloadFields: { ...STRING_LIST, description: "The field paths sent in each delivery, as OpenSolar stores them; null means every field (set outside Pulumi)." },
  allowInsecureEndpoint: { type: "boolean", description: "Whether a plain-http endpoint on a non-loopback host is allowed." },
  onDelete: { type: "string", description: 'What `pulumi destroy` (or a replacement) does: "delete" or "disable".' },
  createdDate: { type: "string", description: "When OpenSolar created the webhook, if it says (ISO 8601)." },
  endpointStoredAs: {
    $ref: "#/types/opensolar:index:EndpointStoredAs",
    description: "Set when OpenSolar stored the endpoint in another form than the one declared (`sent`, `stored`): that normalization never counts as a change.",
  },
  ownerMarker: {
    type: "string",
    description: "The name of the ownership-marker header the webhook carries in OpenSolar (`X-Pulumi-Opensolar-Owner-…`): the provider's proof that it created it.",
  },
  lateCopies: {
    type: "array",
    items: { type: "integer" },
    description: "Ids of late copies of this webhook (made by a lost request) that the last refresh found; the next `up` deletes them.",
  },
};

const SECRET_INPUTS: Properties = {
  rotation: {
    type: "string",
    default: "",
    description: "Change this value (a date, a counter) to rotate: a new secret becomes current and the old one `previous`.",
  },
  headerName: { type: "string", default: DEFAULT_SECRET_HEADER, description: "The header that carries the secret." },
  retirePrevious: {
    type: "boolean",
    default: false,
    description:
      "Keep no previous secret: it is no longer accepted (and a rotation while this is true revokes the old secret at once, for a leaked one).",
  },
};

const SECRET_OUTPUTS: Properties = {
  ...SECRET_INPUTS,
  current: { type: "string", secret: true, description: "The secret the webhook sends." },
  previous: { type: "string", secret: true, description: "The secret before the last rotation, still accepted until `retirePrevious`." },
  headers: { ...STRING_MAP, secret: true, description: "`{ [headerName]: current }`: the webhook's `headers`." },
  acceptedSecrets: { ...STRING_LIST, secret: true, description: "`[current, previous?]`: what the receiver accepts." },
};

export function buildSchema(version: string): Record<string, unknown> {
  // Every config key the provider reads, and only those: the schema and settings.ts agree.
  const config = Object.fromEntries(Object.keys(CONFIG_KEYS).map((key) => [key, CONFIG[key]]));
  return {
    name: "opensolar",
    displayName: "OpenSolar",
    version,
    description: "Declare OpenSolar webhooks as code: created, updated in place, refreshed with drift detection, imported and deleted.",
    keywords: ["pulumi", "opensolar", "webhooks", "category/utility"],
    license: "Apache-2.0",
    publisher: "pulumi-opensolar",
    config: { variables: config },
    provider: {
      description: "The OpenSolar provider: one API token and its default org. Declare several to manage several orgs in one program.",
      inputProperties: config,
    },
    types: {
      "opensolar:index:EndpointStoredAs": {
        type: "object",
        description: "The endpoint as declared and as OpenSolar stored it.",
        properties: {
          sent: { type: "string", description: "The endpoint as declared." },
          stored: { type: "string", description: "The endpoint as OpenSolar stored it." },
        },
        required: ["sent", "stored"],
      },
    },
    resources: {
      [WEBHOOK_TYPE]: {
        description:
          "An OpenSolar webhook, managed with Pulumi: created, updated in place, refreshed with drift detection and deleted, " +
          "without duplicates when the API is flaky, and never taking over a webhook it cannot prove it made. " +
          "Import one with `pulumi import opensolar:index:Webhook <name> <org>/<webhook id>`; header values OpenSolar masks " +
          "cannot be read back, and the next `pulumi up` writes the declared ones.",
        inputProperties: WEBHOOK_INPUTS,
        requiredInputs: ["endpoint"],
        properties: WEBHOOK_OUTPUTS,
        required: ["webhookId", "url", "orgId", "endpoint", "headers", "enabled", "debug", "allowInsecureEndpoint", "onDelete"],
      },
      [WEBHOOK_SECRET_TYPE]: {
        description:
          "A strong shared secret for one webhook and its receiver, generated once and kept secret in state. Wire `headers` " +
          "into the webhook and `acceptedSecrets` into the receiver; make the webhook depend on the receiver, so that on " +
          "rotation the receiver accepts both secrets before the webhook switches: no delivery is refused.",
        inputProperties: SECRET_INPUTS,
        properties: SECRET_OUTPUTS,
        required: ["rotation", "headerName", "retirePrevious", "current", "headers", "acceptedSecrets"],
      },
    },
  };
}
