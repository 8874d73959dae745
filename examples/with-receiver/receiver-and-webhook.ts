import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OpenSolarWebhook, WebhookSecret } from "pulumi-opensolar";
import { DEFAULT_SECRET_HEADER } from "pulumi-opensolar/receiver";
import { HEADER_NAME_VARIABLE, SECRETS_VARIABLE } from "./lambda/environment";

/** What a CRM sync cares about: a project moving through the pipeline, being sold, and its contacts. */
export const CRM_TRIGGER_FIELDS: readonly string[] = [
  "project.stage",
  "project.system_sold",
  "project.sold_date",
  "project.installation_date",
  "contact.*",
];

/** Enough to find the CRM record (id, identifier) and update it, without the whole project. */
export const CRM_PAYLOAD_FIELDS: readonly string[] = [
  "project.id",
  "project.identifier",
  "project.stage",
  "project.system_sold",
  "project.sold_date",
  "project.installation_date",
  "project.contacts_data.id",
  "project.contacts_data.email",
  "contact.*",
];

export interface ReceiverAndWebhookArgs {
  /** Prefix of every resource name. @default "crm-sync" */
  name?: string;
  /** The Lambda's code: an archive whose `index.js` exports `handler` (the bundled lambda/handler.ts). */
  code: pulumi.Input<pulumi.asset.Archive>;
  /** Change it (a date, a counter) to rotate the shared secret. @default "initial" */
  rotation?: pulumi.Input<string>;
  /** The header that carries the secret. @default "X-OpenSolar-Webhook-Secret" */
  headerName?: string;
  /** Stop accepting the secret from before the last rotation. @default false */
  retirePrevious?: pulumi.Input<boolean>;
  /** The OpenSolar org. @default stack config `opensolar:orgId` */
  orgId?: pulumi.Input<number>;
}

export interface ReceiverAndWebhook {
  secret: WebhookSecret;
  role: aws.iam.Role;
  receiver: aws.lambda.Function;
  functionUrl: aws.lambda.FunctionUrl;
  webhook: OpenSolarWebhook;
}

/**
 * The receiver (a Lambda behind a Function URL) and the OpenSolar webhook that calls it.
 *
 * Order matters when the secret rotates. The Lambda's environment holds every accepted
 * secret (current and previous), and the webhook depends on the Lambda, so `pulumi up`
 * first updates the Lambda to accept the new secret as well as the old one, and only then
 * switches the webhook's header to the new secret. No delivery is refused in between. Set
 * `retirePrevious` in a later `up`, once the webhook sends the new secret.
 */
export function declareReceiverAndWebhook(args: ReceiverAndWebhookArgs): ReceiverAndWebhook {
  const name = args.name ?? "crm-sync";
  // Passed explicitly: the WebhookSecret's `headerName` output is only set when it is given.
  const headerName = args.headerName ?? DEFAULT_SECRET_HEADER;

  const secret = new WebhookSecret(`${name}-secret`, {
    rotation: args.rotation ?? "initial",
    headerName,
    ...(args.retirePrevious === undefined ? {} : { retirePrevious: args.retirePrevious }),
  });

  const role = new aws.iam.Role(`${name}-receiver`, {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  });
  // Logs only: the receiver calls nothing else in AWS.
  const logs = new aws.iam.RolePolicyAttachment(`${name}-receiver-logs`, {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
  });

  const receiver = new aws.lambda.Function(
    `${name}-receiver`,
    {
      runtime: aws.lambda.Runtime.NodeJS22dX,
      handler: "index.handler",
      code: args.code,
      role: role.arn,
      // OpenSolar waits for the answer, and the handler is awaited before answering.
      timeout: 10,
      memorySize: 256,
      environment: {
        variables: {
          // Secret in state and in the CLI's output. Anyone allowed to read the function's
          // configuration in AWS can still see it; keep it in Secrets Manager if that matters.
          [SECRETS_VARIABLE]: pulumi.secret(pulumi.jsonStringify(secret.acceptedSecrets)),
          [HEADER_NAME_VARIABLE]: headerName,
        },
      },
    },
    { dependsOn: [logs] },
  );

  // No IAM auth: OpenSolar cannot sign requests for AWS. The shared secret is the auth,
  // checked by the handler before it reads the body.
  const functionUrl = new aws.lambda.FunctionUrl(`${name}-receiver`, {
    functionName: receiver.name,
    authorizationType: "NONE",
  });

  const webhook = new OpenSolarWebhook(
    name,
    {
      endpoint: functionUrl.functionUrl,
      headers: secret.headers,
      triggerFields: [...CRM_TRIGGER_FIELDS],
      payloadFields: [...CRM_PAYLOAD_FIELDS],
      ...(args.orgId === undefined ? {} : { orgId: args.orgId }),
    },
    // The endpoint already ties the webhook to the Function URL; this makes the wait for the
    // Lambda's new environment explicit instead of relying on that chain.
    { dependsOn: [receiver, functionUrl] },
  );

  return { secret, role, receiver, functionUrl, webhook };
}
