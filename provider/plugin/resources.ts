import {
  fieldSpec,
  FIELD_NAMES,
  OpenSolarError,
  resolveSettings,
  SECRET_INPUT_NAMES,
  SECRET_OUTPUT_FIELDS,
  UNKNOWN,
  webhookImplementation,
  webhookSecretImplementation,
  type ConfigSource,
} from "./backend";
import { webhookDiff, webhookSecretDiff, type DetailedDiff } from "./detailed-diff";
import { parseImportId } from "./import-id";
import { ownerKeyFromUrn } from "./owner-key";
import type { PropertyValues } from "./properties";

// The resources the plugin serves, one entry per type token, each over the same
// implementation the dynamic classes use. What the engine's protocol adds (the owner key
// from the URN, previews of create and update, import by id) is done here; what a webhook
// is, the implementation decides.

export interface CheckOutcome {
  readonly inputs: PropertyValues;
  readonly failures: ReadonlyArray<{ readonly property: string; readonly reason: string }>;
}

export interface ReadOutcome {
  readonly id: string;
  readonly props: PropertyValues;
  readonly inputs: PropertyValues;
}

/** What a resource handler may ask of the provider it runs in. */
export interface ProviderContext {
  /** The provider's settings as configured (explicit arguments or stack config). */
  readonly config: ConfigSource | undefined;
}

export interface ResourceHandler {
  /** Outputs (and inputs) kept secret, whatever the program declared. */
  readonly secretProperties: readonly string[];
  check(urn: string, olds: PropertyValues, news: PropertyValues): Promise<CheckOutcome>;
  diff(id: string, olds: PropertyValues, news: PropertyValues): Promise<DetailedDiff>;
  create(inputs: PropertyValues, preview: boolean): Promise<{ id: string; outs: PropertyValues }>;
  /** undefined: the resource no longer exists (refresh drops it). */
  read(id: string, props: PropertyValues, context: ProviderContext): Promise<ReadOutcome | undefined>;
  update(id: string, olds: PropertyValues, news: PropertyValues, preview: boolean): Promise<PropertyValues>;
  delete(id: string, props: PropertyValues): Promise<void>;
}

export const WEBHOOK_TYPE = "opensolar:index:Webhook";
export const WEBHOOK_SECRET_TYPE = "opensolar:index:WebhookSecret";

/** Outputs that only OpenSolar (or the provider) knows until the resource exists. */
const WEBHOOK_COMPUTED = ["webhookId", "url", "createdDate", "ownerMarker"] as const;
/** Recorded for the provider's own use; never an input, so Read does not return them as inputs. */
const WEBHOOK_PROVIDER_ONLY = ["ownerKey", "lateCopies"] as const;

const webhook: ResourceHandler = {
  secretProperties: FIELD_NAMES.filter((name) => fieldSpec(name).secret),

  async check(urn, olds, news) {
    if (Object.hasOwn(news, "ownerKey")) {
      return { inputs: news, failures: [{ property: "", reason: "ownerKey is not an input: the provider computes it from the resource's URN. Remove it" }] };
    }
    const checked = await webhookImplementation.check(olds, { ...news, ownerKey: ownerKeyFromUrn(urn) });
    return { inputs: checked.inputs ?? news, failures: checked.failures ?? [] };
  },

  diff: webhookDiff,

  async create(inputs, preview) {
    if (preview) return { id: "", outs: { ...inputs, ...unknowns(WEBHOOK_COMPUTED) } };
    const created = await webhookImplementation.create(inputs);
    return { id: created.id, outs: created.outs as PropertyValues };
  },

  async read(id, props, context) {
    const importing = Object.keys(props).length === 0;
    if (importing) return importWebhook(id, context);
    const found = await webhookImplementation.read(id, props);
    if (found.props === undefined) return undefined;
    return { id: found.id ?? id, props: found.props, inputs: userInputs(found.inputs ?? {}) };
  },

  async update(id, olds, news, preview) {
    if (preview) return { ...olds, ...news };
    const updated = await webhookImplementation.update(id, olds, news);
    return (updated.outs ?? {}) as PropertyValues;
  },

  delete: (id, props) => webhookImplementation.delete(id, props),
};

/**
 * `pulumi import`: Read with the id the user typed and no properties. A webhook that does
 * not exist is an error that says so: an empty answer would make the engine print "resource
 * does not exist" without the org it looked in.
 */
async function importWebhook(typed: string, context: ProviderContext): Promise<ReadOutcome> {
  const { orgId, webhookId } = parseImportId(typed);
  const found = await webhookImplementation.read(webhookId, orgId === undefined ? {} : { orgId });
  if (found.props === undefined) {
    const org = orgId ?? defaultOrgOf(context);
    const where = org === undefined ? "the provider's default org" : `org ${org}`;
    throw new OpenSolarError(
      "not_found",
      `import: webhook ${webhookId} not found in ${where}. Check the id (list the org's webhooks with ` +
        `GET /api/orgs/${org ?? "<org>"}/webhooks/), write it as ORG/WEBHOOK for another org, ` +
        "and check that this provider's apiToken and baseUrl are those of that OpenSolar account.",
    );
  }
  return { id: found.id ?? webhookId, props: found.props, inputs: userInputs(found.inputs ?? {}) };
}

function defaultOrgOf(context: ProviderContext): number | undefined {
  try {
    return resolveSettings(context.config).defaultOrgId;
  } catch {
    return undefined;
  }
}

/** What a user declares: the inputs Read describes, without what only the provider records. */
function userInputs(inputs: PropertyValues): PropertyValues {
  const result = { ...inputs };
  for (const name of WEBHOOK_PROVIDER_ONLY) delete result[name];
  return result;
}

const SECRET_OUTPUTS = Object.keys(SECRET_OUTPUT_FIELDS);

const webhookSecret: ResourceHandler = {
  secretProperties: SECRET_OUTPUTS,

  async check(_urn, olds, news) {
    const checked = await webhookSecretImplementation.check(olds, news);
    return { inputs: checked.inputs ?? news, failures: checked.failures ?? [] };
  },

  diff: webhookSecretDiff,

  async create(inputs, preview) {
    if (preview) return { id: "", outs: { ...inputs, ...unknowns(SECRET_OUTPUTS) } };
    const created = await webhookSecretImplementation.create(inputs);
    return { id: created.id, outs: created.outs as PropertyValues };
  },

  async read(id, props) {
    if (Object.keys(props).length === 0) {
      throw new OpenSolarError(
        "invalid_input",
        "import: a WebhookSecret cannot be imported: its value lives only in Pulumi state. " +
          "Declare a new WebhookSecret instead, and give the receiver its acceptedSecrets.",
      );
    }
    const found = await webhookSecretImplementation.read(id, props);
    const recorded = found.props ?? props;
    const inputs: PropertyValues = {};
    for (const name of SECRET_INPUT_NAMES) if (recorded[name] !== undefined) inputs[name] = recorded[name];
    return { id: found.id ?? id, props: recorded, inputs };
  },

  async update(id, olds, news, preview) {
    if (preview) {
      const rotated = SECRET_INPUT_NAMES.some((name) => olds[name] !== news[name]);
      return rotated ? { ...olds, ...news, ...unknowns(SECRET_OUTPUTS) } : { ...olds, ...news };
    }
    const updated = await webhookSecretImplementation.update(id, olds, news);
    return (updated.outs ?? {}) as PropertyValues;
  },

  delete: () => webhookSecretImplementation.delete(),
};

function unknowns(names: readonly string[]): PropertyValues {
  return Object.fromEntries(names.map((name) => [name, UNKNOWN]));
}

/** Type token to handler: a new resource is one line here. */
export const RESOURCES: ReadonlyMap<string, ResourceHandler> = new Map([
  [WEBHOOK_TYPE, webhook],
  [WEBHOOK_SECRET_TYPE, webhookSecret],
]);
