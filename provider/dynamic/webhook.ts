import * as pulumi from "@pulumi/pulumi";
import { OpenSolarInputError } from "../core/errors";
import { fieldSpec, FIELD_NAMES } from "../webhook/fields";
import type { DeleteBehavior } from "../webhook/inputs";
import { ownerKeyOf } from "../webhook/owner-marker";
import { webhookStub } from "./webhook-provider";

const SECRET_FIELDS = FIELD_NAMES.filter((field) => fieldSpec(field).secret);

/** Inputs of an OpenSolar webhook. Lists left out mean OpenSolar's documented defaults. */
export interface OpenSolarWebhookArgs {
  /** The org that owns the webhook. Changing it replaces the webhook. @default stack config `opensolar:orgId` (or OPENSOLAR_ORG_ID) */
  orgId?: pulumi.Input<number>;
  /** Where OpenSolar POSTs events: an absolute https URL (http only for loopback hosts or with `allowInsecureEndpoint`). */
  endpoint: pulumi.Input<string>;
  /** Headers sent with every delivery, the receiver's only proof of origin. Kept secret in state and output. @default {} */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Whether OpenSolar delivers events to the endpoint. @default true */
  enabled?: pulumi.Input<boolean>;
  /** OpenSolar's `debug` flag (unused by OpenSolar today). @default false */
  debug?: pulumi.Input<boolean>;
  /** Dotted field paths whose changes fire the webhook (`project.stage`, `contact.*`). Compared as a set. @default DEFAULT_TRIGGER_FIELDS */
  triggerFields?: pulumi.Input<pulumi.Input<string>[]>;
  /** Dotted field paths sent in each delivery. Compared as a set. @default DEFAULT_PAYLOAD_FIELDS */
  payloadFields?: pulumi.Input<pulumi.Input<string>[]>;
  /** Allow a plain-http endpoint on a non-loopback host (headers then travel in clear text). @default false */
  allowInsecureEndpoint?: pulumi.Input<boolean>;
  /** What `pulumi destroy` (or a replacement) does: "delete" the webhook, or "disable" it and leave it in OpenSolar. @default "delete" */
  onDelete?: pulumi.Input<DeleteBehavior>;
  /** Take an existing webhook under management instead of creating one: it is updated to match these inputs. Only read at creation. */
  adoptWebhookId?: pulumi.Input<number>;
}

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
export class OpenSolarWebhook extends pulumi.dynamic.Resource {
  /** OpenSolar's id of the webhook. */
  declare public readonly webhookId: pulumi.Output<number>;
  /** The webhook's API URL, as OpenSolar reports it. */
  declare public readonly url: pulumi.Output<string>;
  /** The org that owns the webhook. */
  declare public readonly orgId: pulumi.Output<number>;
  /** Where OpenSolar POSTs events, as OpenSolar stores it. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** The declared headers as OpenSolar holds them (without the ownership marker). Secret. */
  declare public readonly headers: pulumi.Output<Record<string, string>>;
  /** Whether OpenSolar delivers events to the endpoint. */
  declare public readonly enabled: pulumi.Output<boolean>;
  /** OpenSolar's `debug` flag. */
  declare public readonly debug: pulumi.Output<boolean>;
  /** As OpenSolar stores it; null means "every change fires" (set outside Pulumi). */
  declare public readonly triggerFields: pulumi.Output<string[] | null>;
  /** The field paths sent in each delivery, as OpenSolar stores them; null means every field (set outside Pulumi). */
  declare public readonly payloadFields: pulumi.Output<string[] | null>;
  /** Whether a plain-http endpoint on a non-loopback host is allowed. */
  declare public readonly allowInsecureEndpoint: pulumi.Output<boolean>;
  /** What `pulumi destroy` (or a replacement) does: "delete" or "disable". */
  declare public readonly onDelete: pulumi.Output<DeleteBehavior>;
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
    // Every output must be a key of props, even when its input is left out: the SDK only
    // creates output properties for the keys it is given.
    const given = args as unknown as Record<string, unknown>;
    const props = {
      // Unknown keys (a misspelt input from JavaScript) go on to check, which names them.
      ...given,
      // Every row of the field table; a secret one is secret as an input too, so state
      // never holds its value in plain text.
      ...Object.fromEntries(
        FIELD_NAMES.map((field) => {
          const value = given[field];
          return [field, value !== undefined && fieldSpec(field).secret ? pulumi.secret(value) : value];
        }),
      ),
      // The resource's identity, hashed: what lets a create recognize the webhook its own
      // killed or lost earlier attempt made, and nothing else (see owner-marker.ts).
      ownerKey: pulumi
        .output(opts?.parent?.urn ?? "")
        // The Pulumi organization too: a "dev" stack on Pulumi Cloud and one on a
        // developer's file backend are not the same resource.
        .apply((parentUrn) => ownerKeyOf([organization(), pulumi.getProject(), pulumi.getStack(), parentUrn, name])),
      webhookId: undefined,
      url: undefined,
      createdDate: undefined,
      ownerMarker: undefined,
      lateCopies: undefined,
      endpointStoredAs: undefined,
    };
    const options: pulumi.CustomResourceOptions = {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_FIELDS],
    };
    super(webhookStub, name, props, options, "opensolar", "OpenSolarWebhook");
  }
}

/** The Pulumi organization, or "" where the engine (an older CLI, mocks) names none. */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "";
  }
}
