import { OpenSolarWebhook, WebhookSecret } from "pulumi-opensolar";
import { LocalReceiverDeployment } from "./local-receiver-deployment";

// The receiver and its webhook, declared together: one secret, made once by Pulumi, goes
// to the receiver's deployment and to the webhook's headers. The webhook's endpoint is the
// deployment's output, so the engine deploys the receiver first; on a rotation the
// receiver accepts both secrets before the webhook switches, and no delivery is refused.

export interface LocalReceiverStackArgs {
  /** The running receiver's URL and config file. */
  readonly receiverUrl: string;
  readonly configFile: string;
  /** Change to rotate the shared secret. @default "1" */
  readonly rotation?: string;
  /** Stop accepting the secret from before the last rotation, once no delivery carries it. @default false */
  readonly retirePrevious?: boolean;
  /** @default true */
  readonly enabled?: boolean;
  /** @default OpenSolar's documented defaults */
  readonly triggerFields?: readonly string[];
  /** @default OpenSolar's documented defaults */
  readonly payloadFields?: readonly string[];
}

export interface LocalReceiverStack {
  readonly secret: WebhookSecret;
  readonly receiver: LocalReceiverDeployment;
  readonly webhook: OpenSolarWebhook;
}

export function declareLocalReceiverStack(args: LocalReceiverStackArgs): LocalReceiverStack {
  const secret = new WebhookSecret("receiver-secret", {
    rotation: args.rotation ?? "1",
    retirePrevious: args.retirePrevious ?? false,
  });
  const receiver = new LocalReceiverDeployment("local-receiver", {
    configFile: args.configFile,
    url: args.receiverUrl,
    headerName: secret.headerName,
    acceptedSecrets: secret.acceptedSecrets,
  });
  const webhook = new OpenSolarWebhook("receiver-webhook", {
    endpoint: receiver.url,
    headers: secret.headers,
    enabled: args.enabled ?? true,
    ...(args.triggerFields ? { triggerFields: [...args.triggerFields] } : {}),
    ...(args.payloadFields ? { payloadFields: [...args.payloadFields] } : {}),
  });
  return { secret, receiver, webhook };
}
