import * as pulumi from "@pulumi/pulumi";
import { selfInstallingProvider } from "../core/lazy-provider";
import { UnstampedDynamicResource } from "./promise-stacks";

const secretProvider = selfInstallingProvider("pulumi-opensolar/internal/webhook-secret-provider");

export interface WebhookSecretArgs {
  /** Change this value (a date, a counter) to rotate: a new secret becomes current and the old one `previous`. @default "" */
  rotation?: pulumi.Input<string>;
  /** The header that carries the secret. @default "X-OpenSolar-Webhook-Secret" */
  headerName?: pulumi.Input<string>;
  /** Keep no previous secret: it is no longer accepted (and a rotation while this is true revokes the old secret at once, for a leaked one). @default false */
  retirePrevious?: pulumi.Input<boolean>;
}

/**
 * A strong shared secret for one webhook and its receiver, generated once and kept secret
 * in state. Wire `headers` into the webhook and `acceptedSecrets` into the receiver; make the
 * webhook depend on the receiver (its endpoint usually does), so that on rotation the
 * receiver accepts both secrets before the webhook switches: no delivery is refused.
 *
 * @example
 * ```ts
 * import { OpenSolarWebhook, WebhookSecret } from "pulumi-opensolar";
 *
 * const secret = new WebhookSecret("crm-sync-secret", { rotation: "2026-12" });
 * // Give the receiver `secret.acceptedSecrets` (e.g. as an environment variable), then:
 * new OpenSolarWebhook("crm-sync", {
 *   endpoint: "https://crm.example.com/hooks/opensolar",
 *   headers: secret.headers,
 * });
 * ```
 */
export class WebhookSecret extends UnstampedDynamicResource {
  /** The secret the webhook sends. */
  declare public readonly current: pulumi.Output<string>;
  /** The secret before the last rotation, still accepted until `retirePrevious`. */
  declare public readonly previous: pulumi.Output<string | undefined>;
  /** The header that carries the secret. */
  declare public readonly headerName: pulumi.Output<string>;
  /** `{ [headerName]: current }`: the webhook's `headers`. */
  declare public readonly headers: pulumi.Output<Record<string, string>>;
  /** `[current, previous?]`: what the receiver accepts. */
  declare public readonly acceptedSecrets: pulumi.Output<string[]>;

  constructor(name: string, args: WebhookSecretArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Every output must be a key of props, even when its input is left out.
    const props = {
      rotation: args.rotation,
      headerName: args.headerName,
      retirePrevious: args.retirePrevious,
      current: undefined,
      previous: undefined,
      headers: undefined,
      acceptedSecrets: undefined,
    };
    const options: pulumi.CustomResourceOptions = {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "current", "previous", "headers", "acceptedSecrets"],
    };
    super(secretProvider, name, props, options, "opensolar", "WebhookSecret");
  }
}
