import type * as pulumi from "@pulumi/pulumi";
import { OpenSolarClient } from "./client";
import { createWithoutDuplicates } from "./create-webhook";
import { compareWebhook } from "./diff";
import { isOpenSolarError, OpenSolarError, OpenSolarHttpError, OpenSolarInputError } from "./errors";
import { checkInputs, isComplete, type WebhookInputs } from "./inputs";
import { debug, knownSecrets, registerSecret, setDebugLogging, warn } from "./log";
import { inputsFrom, outputsFrom, writeBodyFor, type WebhookOutputs } from "./outputs";
import { claim, isClaimed } from "./ownership";
import { redactError } from "./redact";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";
import { WebhookDirectory } from "./webhook-directory";
import type { ApiWebhook } from "./wire";

// The provider's real implementation. It runs in the Pulumi provider process, loaded by
// package name from the small serialized stub (webhook-provider.ts), so the code that
// refresh and destroy run is always the installed version, and nothing here is ever
// written to state. Settings come from `configure()` (stack config) or the environment.

let stackConfig: ConfigSource | undefined;

interface Connection {
  readonly client: OpenSolarClient;
  readonly directory: WebhookDirectory;
}
const connections = new Map<string, Connection>();

function settings(): ProviderSettings {
  const resolved = resolveSettings(stackConfig);
  registerSecret(resolved.apiToken);
  if (resolved.debug) setDebugLogging(true);
  return resolved;
}

function connection(): Connection {
  const current = settings();
  const key = JSON.stringify([current.baseUrl, current.apiToken, current.timeoutMs, current.retry]);
  let found = connections.get(key);
  if (!found) {
    const client = new OpenSolarClient(current);
    found = { client, directory: new WebhookDirectory(client) };
    connections.set(key, found);
  }
  return found;
}

/** Runs one provider method; whatever escapes is scrubbed of every secret we know. */
async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Error)) throw new OpenSolarError("server", `${what} failed: ${String(error)}`);
    if (!isOpenSolarError(error)) error.message = `pulumi-opensolar: ${what} failed: ${error.message}`;
    throw redactError(error, knownSecrets());
  }
}

function validated(raw: Record<string, unknown>): WebhookInputs {
  const outcome = checkInputs(raw, settings().defaultOrgId);
  if (!outcome.ok) throw new OpenSolarInputError(outcome.failures);
  if (!isComplete(outcome.inputs)) {
    throw new OpenSolarInputError([{ property: "", reason: "inputs are still unknown; this runs only during preview" }]);
  }
  for (const value of Object.values(outcome.inputs.headers)) registerSecret(value);
  return outcome.inputs;
}

/** How long a request that timed out may still be running on the server. */
function settleTime(): number {
  return Math.min(Math.max(settings().timeoutMs, 250), 5_000);
}

function webhookIdOf(id: string): number {
  const value = Number(id);
  if (!Number.isInteger(value) || value <= 0) {
    throw new OpenSolarError("invalid_input", `"${id}" is not an OpenSolar webhook id (a positive integer).`);
  }
  return value;
}

function recordedOutputs(props: Record<string, unknown>): WebhookOutputs & Record<string, unknown> {
  const { __provider: _provider, ...rest } = props;
  return rest as WebhookOutputs & Record<string, unknown>;
}

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = request.config;
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  return guarded("check", async () => {
    const outcome = checkInputs(news, settings().defaultOrgId);
    if (!outcome.ok) return { inputs: news, failures: outcome.failures };
    return { inputs: outcome.inputs };
  });
}

export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  return guarded("diff", async () => {
    const recorded = recordedOutputs(olds);
    if (typeof recorded.orgId === "number" && typeof recorded.webhookId === "number") claim(recorded.orgId, recorded.webhookId);
    const changes = compareWebhook(recorded, news);
    return { changes: changes.changed.length > 0, replaces: changes.replaces, deleteBeforeReplace: false };
  });
}

export async function create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  return guarded("create", async () => {
    const inputs = validated(raw);
    const { client, directory } = connection();
    const webhook =
      inputs.adoptWebhookId === undefined
        ? await createWithoutDuplicates({
            client,
            directory,
            orgId: inputs.orgId,
            body: writeBodyFor(inputs),
            settleMs: settleTime(),
          })
        : await adopt(client, inputs, inputs.adoptWebhookId);
    claim(inputs.orgId, webhook.id);
    if (inputs.adoptWebhookId !== undefined) directory.invalidate(inputs.orgId);
    return { id: String(webhook.id), outs: outputsFrom(webhook, inputs.orgId, inputs) };
  });
}

/** Takes an existing webhook under management and makes it match the declaration. */
async function adopt(client: OpenSolarClient, inputs: WebhookInputs, webhookId: number): Promise<ApiWebhook> {
  if (isClaimed(inputs.orgId, webhookId)) {
    throw new OpenSolarError(
      "invalid_input",
      `adoptWebhookId ${webhookId}: that webhook already belongs to another resource of this stack. Adopt it once only.`,
    );
  }
  const existing = await client.getWebhook(inputs.orgId, webhookId);
  if (!existing) {
    throw new OpenSolarError(
      "not_found",
      `adoptWebhookId ${webhookId}: org ${inputs.orgId} has no such webhook. ` +
        `List them with GET /api/orgs/${inputs.orgId}/webhooks/, or remove adoptWebhookId to create a new one.`,
    );
  }
  const live = outputsFrom(existing, inputs.orgId, inputs);
  const { patch } = compareWebhook(live, inputs);
  if (Object.keys(patch).length === 0) return existing;
  debug(`adopting webhook ${webhookId}: updating ${Object.keys(patch).join(", ")}`);
  return client.updateWebhook(inputs.orgId, webhookId, patch);
}

export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
  return guarded("read", async () => {
    const recorded = recordedOutputs(props);
    const webhookId = webhookIdOf(id);
    const orgId = recorded.orgId ?? settings().defaultOrgId;
    if (typeof orgId !== "number") {
      throw new OpenSolarError("invalid_input", `webhook ${id} has no org in state; set opensolar:orgId and run again.`);
    }
    const live = await connection().directory.find(orgId, webhookId);
    if (!live) {
      debug(`webhook ${webhookId} in org ${orgId} no longer exists`);
      return {};
    }
    claim(orgId, webhookId);
    for (const value of Object.values(recorded.headers ?? {})) registerSecret(value);
    const outs = outputsFrom(live, orgId, {
      headers: recorded.headers ?? {},
      allowInsecureEndpoint: recorded.allowInsecureEndpoint ?? false,
      onDelete: recorded.onDelete ?? "delete",
    });
    return { id, props: outs, inputs: inputsFrom(outs) };
  });
}

export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  return guarded("update", async () => {
    const inputs = validated(news);
    const recorded = recordedOutputs(olds);
    const webhookId = webhookIdOf(id);
    const { patch } = compareWebhook(recorded, inputs);
    // Outputs must be complete: the engine keeps only what update returns.
    if (Object.keys(patch).length === 0) {
      return { outs: { ...recorded, allowInsecureEndpoint: inputs.allowInsecureEndpoint, onDelete: inputs.onDelete } };
    }
    const { client, directory } = connection();
    const live = await client.updateWebhook(inputs.orgId, webhookId, patch);
    directory.invalidate(inputs.orgId);
    claim(inputs.orgId, webhookId);
    return { outs: outputsFrom(live, inputs.orgId, inputs) };
  });
}

async function deleteWebhook(id: string, props: Record<string, unknown>): Promise<void> {
  return guarded("delete", async () => {
    const recorded = recordedOutputs(props);
    const webhookId = webhookIdOf(id);
    const orgId = recorded.orgId;
    const { client, directory } = connection();
    directory.invalidate(orgId);
    if (recorded.onDelete === "disable") {
      await disable(client, orgId, webhookId);
      return;
    }
    const outcome = await client.deleteWebhook(orgId, webhookId);
    if (outcome === "not_allowed") {
      await disable(client, orgId, webhookId);
      warn(
        `OpenSolar does not allow DELETE of webhook ${webhookId} in org ${orgId} (405): it was disabled instead ` +
          "and stays in OpenSolar. Remove it there if you want it gone; set onDelete: \"disable\" to silence this.",
      );
    }
  });
}

async function disable(client: OpenSolarClient, orgId: number, webhookId: number): Promise<void> {
  try {
    await client.updateWebhook(orgId, webhookId, { enabled: false });
  } catch (error) {
    // Already gone is as good as disabled.
    if (error instanceof OpenSolarHttpError && error.status === 404) return;
    throw error;
  }
}

export { deleteWebhook as delete };
