import { CONFIG_KEYS, DEFAULT_BASE_URL, DEFAULT_PAYLOAD_FIELDS, DEFAULT_SECRET_HEADER, DEFAULT_TRIGGER_FIELDS } from "./backend";
import { fieldSpec, FIELD_NAMES, OUTPUT_FIELDS, SECRET_INPUT_FIELDS, SECRET_OUTPUT_FIELDS, type FieldType } from "./backend";
import { WEBHOOK_SECRET_TYPE, WEBHOOK_TYPE } from "./resources";

// The Pulumi package schema of the `opensolar` provider: what GetSchema answers, what
// `schema.json` holds (written from this at build time), and what SDKs are generated from.
// Properties and descriptions come from each resource's field table, whose words are the
// JSDoc of the TypeScript classes (a test holds them together). `headers` and the API token are secret.
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

/** A property of the schema from a row of a field table: its type, description and secrecy. */
function fromRow(row: {
  readonly type: FieldType;
  readonly description: string;
  readonly documentedDefault?: string;
  readonly secret?: boolean;
}): PropertySpec {
  const shape: Record<FieldType, PropertySpec> = {
    integer: { type: "integer" },
    string: { type: "string" },
    boolean: { type: "boolean" },
    stringList: STRING_LIST,
    stringMap: STRING_MAP,
  };
  const documented = row.documentedDefault === undefined ? "" : ` Default: ${row.documentedDefault}.`;
  return { ...shape[row.type], description: `${row.description}${documented}`, ...(row.secret ? { secret: true } : {}) };
}

// The webhook's inputs and outputs: the rows of its field table (provider/webhook/fields.ts).
const WEBHOOK_INPUTS: Properties = Object.fromEntries(
  FIELD_NAMES.map((name) => {
    const row = fieldSpec(name);
    return [name, { ...fromRow(row), ...(row.change === "replace" ? { replaceOnChanges: true } : {}) }];
  }),
);
const WEBHOOK_ROW_OUTPUTS: Properties = Object.fromEntries(
  OUTPUT_FIELDS.map((name) => {
    const row = fieldSpec(name);
    return [name, { ...fromRow(row), description: row.outputDescription ?? row.description }];
  }),
);

/** Outputs beyond the table's rows: what OpenSolar and the provider record about the webhook. */
const WEBHOOK_OUTPUTS: Properties = {
  ...WEBHOOK_ROW_OUTPUTS,
  webhookId: { type: "integer", description: "OpenSolar's id of the webhook." },
  url: { type: "string", description: "The webhook's API URL, as OpenSolar reports it." },
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

// The webhook secret's inputs and outputs: the rows of its field table (provider/webhook-secret/fields.ts).
const SECRET_INPUTS: Properties = Object.fromEntries(
  Object.entries(SECRET_INPUT_FIELDS).map(([name, row]) => [name, fromRow(row)]),
);
const SECRET_OUTPUTS: Properties = {
  ...SECRET_INPUTS,
  ...Object.fromEntries(Object.entries(SECRET_OUTPUT_FIELDS).map(([name, row]) => [name, fromRow(row)])),
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
      // The token as an output too, so SDKs keep it secret wherever the provider's state shows it.
      properties: { apiToken: config["apiToken"] },
    },
    // Names of the SDKs `npm run sdks` generates (scripts/gen-sdks.sh); not Pulumi's own scope.
    language: {
      nodejs: {
        packageName: "@pulumi-opensolar/sdk",
        packageDescription: "The OpenSolar provider for Pulumi (generated SDK).",
        // Without it gen-sdk writes the placeholder ${VERSION}, which the engine refuses.
        respectSchemaVersion: true,
      },
      python: { packageName: "pulumi_opensolar" },
      go: { importBasePath: "github.com/pulumi-opensolar/pulumi-opensolar/sdk/go/opensolar" },
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
        requiredInputs: FIELD_NAMES.filter((name) => fieldSpec(name).required !== undefined),
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
