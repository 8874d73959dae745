import * as pulumi from "@pulumi/pulumi";
import { OpenSolarWebhook, type OpenSolarWebhookArgs } from "pulumi-opensolar";
import { BaselineWebhook } from "./baseline-webhook";
import { EndpointStub } from "./endpoint-stub";
import { declareLocalReceiver } from "./local-receiver-program";
import { NativeWebhook } from "./native-webhook";
import type { ProgramSpec, WebhookDeclaration } from "./protocol";

// Turns a ProgramSpec into an inline Pulumi program. It imports the package by name, as a
// user's program does: run in the e2e project, that is the packed and installed tarball
// (type-checking maps the name to this checkout's sources, the same API).

export function programFor(spec: ProgramSpec): () => Promise<Record<string, unknown>> {
  return async () => {
    const stubs = new Map<string, EndpointStub>();
    const stubOutputs: Record<string, unknown> = {};
    for (const stub of spec.endpointStubs ?? []) {
      const resource = new EndpointStub(stub.name, stub.url);
      stubs.set(stub.name, resource);
      stubOutputs[stub.name] = { url: resource.url, providerNodeVersion: resource.providerNodeVersion };
    }

    const webhooks: Record<string, unknown> = {};
    // Separate from `webhooks`: one secret value makes the whole output secret.
    const headers: Record<string, unknown> = {};
    for (const declaration of spec.webhooks) {
      const webhook = new OpenSolarWebhook(declaration.name, argsFor(declaration, stubs));
      webhooks[declaration.name] = {
        webhookId: webhook.webhookId,
        url: webhook.url,
        orgId: webhook.orgId,
        endpoint: webhook.endpoint,
        enabled: webhook.enabled,
        debug: webhook.debug,
        triggerFields: webhook.triggerFields,
        payloadFields: webhook.payloadFields,
        allowInsecureEndpoint: webhook.allowInsecureEndpoint,
        onDelete: webhook.onDelete,
        createdDate: webhook.createdDate,
      };
      headers[declaration.name] = webhook.headers;
    }
    for (const raw of spec.rawWebhooks ?? []) {
      // As a JavaScript program would pass them: no type checks, misspelt names included.
      new OpenSolarWebhook(raw.name, { ...raw.args } as unknown as OpenSolarWebhookArgs);
    }
    const localReceiver = spec.localReceiver ? { localReceiver: declareLocalReceiver(spec.localReceiver) } : {};
    for (const baseline of spec.baselineWebhooks ?? []) {
      const { name, headers, triggerFields, payloadFields, ...rest } = baseline;
      new BaselineWebhook(name, {
        ...rest,
        ...(headers ? { headers: { ...headers } } : {}),
        ...(triggerFields ? { triggerFields: [...triggerFields] } : {}),
        ...(payloadFields ? { payloadFields: [...payloadFields] } : {}),
      });
    }
    for (const native of spec.nativeWebhooks ?? []) {
      const { name, headers, triggerFields, payloadFields, ...rest } = native;
      new NativeWebhook(name, {
        ...rest,
        ...(headers ? { headers: { ...headers } } : {}),
        ...(triggerFields ? { triggerFields: [...triggerFields] } : {}),
        ...(payloadFields ? { payloadFields: [...payloadFields] } : {}),
      });
    }
    // One Output for all headers: it is secret exactly when a webhook's headers are (a plain
    // object around secrets would show as not secret at the top level).
    return { webhooks, headers: pulumi.output(headers), stubs: stubOutputs, ...localReceiver };
  };
}

function argsFor(declaration: WebhookDeclaration, stubs: ReadonlyMap<string, EndpointStub>): OpenSolarWebhookArgs {
  const { name: _name, endpoint, triggerFields, payloadFields, headers, ...rest } = declaration;
  const args: OpenSolarWebhookArgs = { ...rest, endpoint: endpointFor(endpoint, stubs) };
  if (headers !== undefined) args.headers = { ...headers };
  if (triggerFields !== undefined) args.triggerFields = [...triggerFields];
  if (payloadFields !== undefined) args.payloadFields = [...payloadFields];
  return args;
}

function endpointFor(endpoint: WebhookDeclaration["endpoint"], stubs: ReadonlyMap<string, EndpointStub>): pulumi.Input<string> {
  if (typeof endpoint === "string") return endpoint;
  const stub = stubs.get(endpoint.fromStub);
  if (!stub) throw new Error(`e2e program: no endpoint stub named "${endpoint.fromStub}" is declared.`);
  return stub.url;
}
