import * as pulumi from "@pulumi/pulumi";

// The native provider's `opensolar:index:Webhook` declared by its type token, as the
// generated SDK's class does it (headers secret as an input and as an output). The engine
// serves it with the `opensolar` plugin installed in PULUMI_HOME (bench/lifecycle.ts does).

export interface NativeWebhookArgs {
  orgId?: pulumi.Input<number>;
  endpoint: pulumi.Input<string>;
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  triggerFields?: pulumi.Input<pulumi.Input<string>[]>;
  payloadFields?: pulumi.Input<pulumi.Input<string>[]>;
}

export class NativeWebhook extends pulumi.CustomResource {
  declare public readonly webhookId: pulumi.Output<number>;

  constructor(name: string, args: NativeWebhookArgs, opts: pulumi.CustomResourceOptions = {}) {
    const headers = args.headers === undefined ? undefined : pulumi.secret(args.headers);
    super("opensolar:index:Webhook", name, { ...args, headers, webhookId: undefined }, { ...opts, additionalSecretOutputs: ["headers"] });
  }
}
