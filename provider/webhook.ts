import * as pulumi from "@pulumi/pulumi";
import type { DeleteBehavior } from "./inputs";
import { ownerKeyOf } from "./owner-marker";
import { webhookProvider } from "./webhook-provider";

/** Inputs of an OpenSolar webhook. Lists left out mean OpenSolar's documented defaults. */
export interface OpenSolarWebhookArgs {
  /** The org that owns the webhook. Changing it replaces the webhook. @default stack config `opensolar:orgId` (or OPENSOLAR_ORG_ID) */
  orgId?: pulumi.Input<number>;
  /** Where OpenSolar POSTs events: an absolute https URL (http only for loopback hosts or with `allowInsecureEndpoint`). */
  endpoint: pulumi.Input<string>;
  /** Headers sent with every delivery, the receiver's only proof of origin. Kept secret in state and output. @default {} */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** @default true */
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

/** An OpenSolar webhook, managed with Pulumi. */
export class OpenSolarWebhook extends pulumi.dynamic.Resource {
  /** OpenSolar's id of the webhook. */
  declare public readonly webhookId: pulumi.Output<number>;
  /** The webhook's API URL, as OpenSolar reports it. */
  declare public readonly url: pulumi.Output<string>;
  declare public readonly orgId: pulumi.Output<number>;
  declare public readonly endpoint: pulumi.Output<string>;
  /** Secret. */
  declare public readonly headers: pulumi.Output<Record<string, string>>;
  declare public readonly enabled: pulumi.Output<boolean>;
  declare public readonly debug: pulumi.Output<boolean>;
  /** As OpenSolar stores it; null means "every change fires" (set outside Pulumi). */
  declare public readonly triggerFields: pulumi.Output<string[] | null>;
  declare public readonly payloadFields: pulumi.Output<string[] | null>;
  declare public readonly allowInsecureEndpoint: pulumi.Output<boolean>;
  declare public readonly onDelete: pulumi.Output<DeleteBehavior>;
  declare public readonly createdDate: pulumi.Output<string | undefined>;
  /** The name of the ownership-marker header the webhook carries in OpenSolar (`X-Pulumi-Opensolar-Owner-…`): the provider's proof that it created it. */
  declare public readonly ownerMarker: pulumi.Output<string | undefined>;
  /** Ids of late copies of this webhook (made by a lost request) that the last refresh found; the next `up` deletes them. */
  declare public readonly lateCopies: pulumi.Output<number[] | undefined>;

  constructor(name: string, args: OpenSolarWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output must be a key of props, even when its input is left out: the SDK only
    // creates output properties for the keys it is given.
    const props = {
      // Unknown keys (a misspelt input from JavaScript) go on to check, which names them.
      ...(args as unknown as Record<string, unknown>),
      orgId: args.orgId,
      endpoint: args.endpoint,
      // Secret as an input too, so state never holds the values in plain text.
      headers: args.headers === undefined ? undefined : pulumi.secret(args.headers),
      enabled: args.enabled,
      debug: args.debug,
      triggerFields: args.triggerFields,
      payloadFields: args.payloadFields,
      allowInsecureEndpoint: args.allowInsecureEndpoint,
      onDelete: args.onDelete,
      adoptWebhookId: args.adoptWebhookId,
      // The resource's identity, hashed: what lets a create recognize the webhook its own
      // killed or lost earlier attempt made, and nothing else (see owner-marker.ts).
      ownerKey: pulumi
        .output(opts?.parent?.urn ?? "")
        .apply((parentUrn) => ownerKeyOf([pulumi.getProject(), pulumi.getStack(), parentUrn, name])),
      webhookId: undefined,
      url: undefined,
      createdDate: undefined,
      ownerMarker: undefined,
      lateCopies: undefined,
    };
    const options: pulumi.CustomResourceOptions = {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "headers"],
    };
    super(webhookProvider, name, props, options, "opensolar", "OpenSolarWebhook");
  }
}
