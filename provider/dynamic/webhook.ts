import * as pulumi from "@pulumi/pulumi";
import { OpenSolarInputError } from "../core/errors";
import { fieldSpec, FIELD_NAMES, OUTPUT_FIELDS } from "../webhook/fields";
import { ownerKeyOf } from "../webhook/owner-marker";
import { UnstampedDynamicResource } from "./promise-stacks";
import { defineRecordedOutputs } from "./recorded-outputs";
import { webhookStub } from "./webhook-provider";
import type { WebhookFieldArgs, WebhookFieldOutputs } from "./webhook-types";

const SECRET_FIELDS = FIELD_NAMES.filter((field) => fieldSpec(field).secret);
/** The outputs no row describes, besides `webhookId`: read by few programs, made when read. */
const RECORDED_OUTPUTS = ["url", "createdDate", "endpointStoredAs", "ownerMarker", "lateCopies"] as const;

/** Inputs of an OpenSolar webhook, one per row of the field table (webhook/fields.ts). Lists left out mean OpenSolar's documented defaults. */
export interface OpenSolarWebhookArgs extends WebhookFieldArgs {}

/** The outputs of the field table's rows (all but the create-only ones), declared on the class below. */
export interface OpenSolarWebhook extends WebhookFieldOutputs {}

/**
 * An OpenSolar webhook, managed with Pulumi: created, updated in place, refreshed with drift
 * detection and deleted, without duplicates when the API is flaky, and never taking over a
 * webhook it cannot prove it made.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { OpenSolarWebhook } from "pulumi-opensolar";
 *
 * const config = new pulumi.Config();
 * const hook = new OpenSolarWebhook("crm-sync", {
 *   endpoint: "https://crm.example.com/hooks/opensolar",
 *   headers: { Authorization: pulumi.interpolate`Bearer ${config.requireSecret("receiverToken")}` },
 *   triggerFields: ["project.stage", "contact.*"],
 *   payloadFields: ["project.id", "project.stage", "contact.email"],
 * });
 * export const webhookId = hook.webhookId;
 * ```
 */
export class OpenSolarWebhook extends UnstampedDynamicResource {
  /** OpenSolar's id of the webhook. */
  declare public readonly webhookId: pulumi.Output<number>;
  /** The webhook's API URL, as OpenSolar reports it. */
  declare public readonly url: pulumi.Output<string>;
  /** When OpenSolar created the webhook, if it says (ISO 8601). */
  declare public readonly createdDate: pulumi.Output<string | undefined>;
  /** Set when OpenSolar stored the endpoint in another form than the one declared (`sent`, `stored`): that normalization never counts as a change. */
  declare public readonly endpointStoredAs: pulumi.Output<{ sent: string; stored: string } | undefined>;
  /** The name of the ownership-marker header the webhook carries in OpenSolar (`X-Pulumi-Opensolar-Owner-…`): the provider's proof that it created it. */
  declare public readonly ownerMarker: pulumi.Output<string | undefined>;
  /** Ids of late copies of this webhook (made by a lost request) that the last refresh found; the next `up` deletes them. */
  declare public readonly lateCopies: pulumi.Output<number[] | undefined>;

  constructor(name: string, args: OpenSolarWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    // The SDK drops an own `__proto__` key while serializing, before check could refuse it.
    if (typeof args.headers === "object" && args.headers !== null && Object.prototype.hasOwnProperty.call(args.headers, "__proto__")) {
      throw new OpenSolarInputError([{ property: "headers", reason: 'headers["__proto__"]: "__proto__" is not a usable header name' }]);
    }
    const given = args as unknown as Record<string, unknown>;
    const props: Record<string, unknown> = {
      // Unknown keys (a misspelt input from JavaScript) go on to check, which names them.
      ...given,
      // A secret row is registered even when left out, and secret as an input too, so state
      // never holds its value in plain text.
      ...Object.fromEntries(
        FIELD_NAMES.filter((field) => given[field] !== undefined || fieldSpec(field).secret).map((field) => {
          const value = given[field];
          return [field, value !== undefined && fieldSpec(field).secret ? pulumi.secret(value) : value];
        }),
      ),
      // The resource's identity, hashed: what lets a create recognize the webhook its own
      // killed or lost earlier attempt made, and nothing else (see owner-marker.ts).
      ownerKey: ownerKeyFor(name, opts?.parent),
      webhookId: undefined,
    };
    const additionalSecretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...SECRET_FIELDS];
    const options: pulumi.CustomResourceOptions = { ...opts, additionalSecretOutputs };
    super(webhookStub, name, props, options, "opensolar", "OpenSolarWebhook");
    // The other outputs are made when read (recorded-outputs.ts): the rows left out, and
    // what OpenSolar and the provider add.
    const recorded = [...OUTPUT_FIELDS, ...RECORDED_OUTPUTS].filter((name) => !(name in props));
    defineRecordedOutputs(this, recorded, new Set(additionalSecretOutputs));
  }
}

/**
 * The owner key of the resource `name` under `parent`: a plain string for a resource at the
 * stack's root (no Output to resolve, most programs' case), an Output under a parent, whose
 * URN is only known once it is registered.
 */
function ownerKeyFor(name: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
  // The Pulumi organization too: a "dev" stack on Pulumi Cloud and one on a developer's
  // file backend are not the same resource.
  const keyUnder = (parentUrn: string): string => ownerKeyOf([organization(), pulumi.getProject(), pulumi.getStack(), parentUrn, name]);
  return parent === undefined ? keyUnder("") : parent.urn.apply(keyUnder);
}

/** The Pulumi organization, or "" where the engine (an older CLI, mocks) names none. */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "";
  }
}
