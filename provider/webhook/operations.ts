import type * as pulumi from "@pulumi/pulumi";
import { OpenSolarClient } from "./client";
import { createOwned, markedPatch, reconcile } from "./create-webhook";
import { compareWebhook } from "./diff";
import { isOpenSolarError, OpenSolarError, OpenSolarHttpError, OpenSolarInputError } from "../core/errors";
import { checkInputs, isComplete, type WebhookInputs } from "./inputs";
import { debug, knownSecrets, registerSecret, setDebugLogging, warn } from "../core/log";
import { newMarker } from "./owner-marker";
import { comparableRecord, headersWithMarker, inputsFrom, outputsFrom, withStoredForm, type WebhookOutputs } from "./outputs";
import { claimsOf, type Claims } from "./claims";
import { redactError } from "../core/redact";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "../core/settings";
import { WebhookDirectory, type Listing } from "./directory";
import { EarlierAttempts } from "./earlier-attempts";
import type { ApiWebhook } from "./wire";

// What the provider does with a webhook: check, diff, create, read, update, delete, in the
// vocabulary of Pulumi's dynamic provider. Both front-ends run it: the dynamic provider
// (provider/dynamic, settings from stack config) and the native plugin (provider/plugin,
// settings from each provider instance's Configure). It runs in the provider process only,
// so nothing here is ever written to state.
//
// Ownership is evidence: it changes or deletes only the webhook its state records, late
// copies that carry that webhook's own marker, and orphans that carry its resource's owner
// key (see create-webhook.ts and owner-marker.ts).

interface Connection {
  readonly client: OpenSolarClient;
  readonly directory: WebhookDirectory;
  readonly attempts: EarlierAttempts;
  readonly claims: Claims;
}
/** One client per distinct connection settings, shared by every operations object of the process. */
const connections = new Map<string, Connection>();

/** The settings in force for a call: read anew each time (stack config or a provider instance's). */
export type SettingsSource = () => ProviderSettings;

export interface WebhookOperations {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult & { changed: string[] }>;
  create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
}

export function webhookOperations(source: SettingsSource): WebhookOperations {


  function settings(): ProviderSettings {
    const resolved = source();
    registerSecret(resolved.apiToken);
    if (resolved.debug) setDebugLogging(true);
    return resolved;
  }

  function connection(): Connection {
    const current = settings();
    const key = JSON.stringify([current.baseUrl, current.apiToken, current.timeoutMs, current.retry, current.maxConcurrency]);
    let found = connections.get(key);
    if (!found) {
      const client = new OpenSolarClient(current);
      const directory = new WebhookDirectory(client);
      found = { client, directory, attempts: new EarlierAttempts(directory), claims: claimsOf(current.baseUrl) };
      connections.set(key, found);
    }
    return found;
  }

  /** Runs one provider method; whatever escapes is scrubbed of every secret we know. */
  async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof Error)) throw new OpenSolarError("server", `${what} failed with a non-error value.`);
      if (!isOpenSolarError(error)) error.message = `pulumi-opensolar: ${what} failed: ${error.message}`;
      throw redactError(error, knownSecrets());
    }
  }

  /** Inputs as the resource class sends them: the declaration plus its owner key. */
  interface DeclaredInputs {
    readonly inputs: WebhookInputs;
    readonly ownerKey: string | undefined;
  }

  function validated(raw: Record<string, unknown>): DeclaredInputs {
    const outcome = checkInputs(raw, settings().defaultOrgId);
    if (!outcome.ok) throw new OpenSolarInputError(outcome.failures);
    if (!isComplete(outcome.inputs)) {
      throw new OpenSolarInputError([{ property: "", reason: "inputs are still unknown; this runs only during preview" }]);
    }
    for (const value of Object.values(outcome.inputs.headers)) registerSecret(value);
    return { inputs: outcome.inputs, ownerKey: outcome.inputs.ownerKey };
  }

  /** How long a request that timed out may still be running on the server. */
  function settleTime(): number {
    return Math.min(Math.max(settings().timeoutMs, 250), 5_000);
  }

  function webhookIdOf(id: string): number {
    const value = Number(id);
    if (!/^\d{1,16}$/.test(id) || !Number.isSafeInteger(value) || value <= 0) {
      throw new OpenSolarError("invalid_input", "the resource id is not an OpenSolar webhook id (a positive integer). Check the id you imported or adopted.");
    }
    return value;
  }

  function recordedOutputs(props: Record<string, unknown>): Partial<WebhookOutputs> & Record<string, unknown> {
    const { __provider: _provider, ...rest } = props;
    return rest as Partial<WebhookOutputs> & Record<string, unknown>;
  }

  /** The org a recorded webhook lives in: recorded, else the default org (as read does). */
  function recordedOrg(recorded: Partial<WebhookOutputs>, id: string): number {
    const orgId = recorded.orgId ?? settings().defaultOrgId;
    if (typeof orgId !== "number") {
      throw new OpenSolarError(
        "invalid_input",
        `webhook ${id} has no org in state and no default org is set: set opensolar:orgId (or OPENSOLAR_ORG_ID) and run again.`,
      );
    }
    return orgId;
  }

  async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    return guarded("check", async () => {
      const outcome = checkInputs(news, settings().defaultOrgId);
      if (!outcome.ok) return { inputs: news, failures: outcome.failures };
      return { inputs: outcome.inputs };
    });
  }

  async function diff(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.DiffResult & { changed: string[] }> {
    return guarded("diff", async () => {
      const recorded = recordedOutputs(olds);
      if (typeof recorded.orgId === "number" && typeof recorded.webhookId === "number") {
        // No token needed here: claims are kept per API, and diff runs without one.
        claimsOf(settings().baseUrl).claim(recorded.orgId, recorded.webhookId);
      }
      const changes = compareWebhook(comparableRecord(recorded, news), news);
      // Late copies found by refresh are removed by an update; the preview shows them going.
      const lateCopies = (recorded.lateCopies ?? []).length > 0;
      // `changed` names every property that differs: the native plugin's detailed diff.
      const changed = lateCopies ? [...changes.changed, "lateCopies"] : changes.changed;
      return { changes: changed.length > 0, changed, replaces: changes.replaces, deleteBeforeReplace: false };
    });
  }

  async function create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    return guarded("create", async () => {
      const { inputs, ownerKey } = validated(raw);
      const { client, directory, attempts, claims } = connection();
      const { webhook, marker, copiesRuledOut } =
        inputs.adoptWebhookId === undefined
          ? await createOwned({ client, directory, attempts, claims, orgId: inputs.orgId, inputs, ownerKey, settleMs: settleTime() })
          : await adopt({ client, claims }, inputs, ownerKey, inputs.adoptWebhookId);
      const outs: WebhookOutputs = { ...withStoredForm(outputsFrom(webhook, inputs.orgId, inputs), inputs.endpoint), ownerMarker: marker };
      if (ownerKey !== undefined) outs.ownerKey = ownerKey;
      if (copiesRuledOut) outs.copiesRuledOut = true;
      return { id: String(webhook.id), outs };
    });
  }

  /** Takes an existing webhook, named by the user, under management and makes it match the declaration. */
  async function adopt(
    { client, claims }: Pick<Connection, "client" | "claims">,
    inputs: WebhookInputs,
    ownerKey: string | undefined,
    webhookId: number,
  ): Promise<{ webhook: ApiWebhook; marker: string; copiesRuledOut: boolean }> {
    if (claims.isClaimed(inputs.orgId, webhookId)) {
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
    claims.claim(inputs.orgId, webhookId);
    // From now on the webhook carries this resource's marker: the proof for later runs. A PATCH
    // writes that new marker, and a PATCH makes no webhook: no copy can carry it.
    const marker = newMarker(ownerKey);
    return { webhook: await reconcile(client, inputs.orgId, existing, inputs, marker), marker, copiesRuledOut: true };
  }

  async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    return guarded("read", async () => {
      const recorded = recordedOutputs(props);
      const webhookId = webhookIdOf(id);
      const orgId = recordedOrg(recorded, id);
      const { directory, claims } = connection();
      const marker = recorded.ownerMarker;
      // Any webhook but one that may have late copies is read by id. A failed listing or GET
      // throws: only a webhook OpenSolar confirms absent is dropped.
      const { webhook: live, listing } = mayHaveLateCopies(recorded)
        ? await directory.find(orgId, webhookId)
        : { webhook: await directory.get(orgId, webhookId), listing: undefined };
      if (!live) {
        debug(`webhook ${webhookId} in org ${orgId} no longer exists`);
        return {};
      }
      claims.claim(orgId, webhookId);
      for (const value of Object.values(recorded.headers ?? {})) registerSecret(value);
      const outs = outputsFrom(live, orgId, {
        headers: recorded.headers ?? {},
        allowInsecureEndpoint: recorded.allowInsecureEndpoint ?? false,
        onDelete: recorded.onDelete ?? "delete",
      });
      if (recorded.ownerKey !== undefined) outs.ownerKey = recorded.ownerKey;
      if (recorded.endpointStoredAs !== undefined) outs.endpointStoredAs = recorded.endpointStoredAs;
      if (recorded.copiesRuledOut === true) outs.copiesRuledOut = true;
      // The marker in state is the proof; a marker edited away in OpenSolar is restored by the
      // next header write. A marker on a webhook whose state records none (an import) is
      // another resource's proof, never this one's: not recorded, and no copy is sought by it.
      if (marker !== undefined) outs.ownerMarker = marker;
      else delete outs.ownerMarker;
      const lateCopies = marker === undefined || listing === undefined ? [] : lateCopiesOf(listing, marker, webhookId);
      if (lateCopies.length > 0) {
        outs.lateCopies = lateCopies;
        warn(
          `webhook ${webhookId} in org ${orgId} has late copies made by a lost request (${lateCopies.join(", ")}): ` +
            "they carry this resource's own marker; the next `pulumi up` deletes them.",
        );
      }
      return { id, props: outs, inputs: inputsFrom(outs) };
    });
  }

  /**
   * Whether webhooks other than this one may carry its marker: only a lost POST makes such a
   * copy, so not where state rules copies out (or records no marker to look for).
   */
  function mayHaveLateCopies(recorded: Partial<WebhookOutputs>): boolean {
    return recorded.ownerMarker !== undefined && recorded.copiesRuledOut !== true;
  }

  function lateCopiesOf(listing: Listing, marker: string, webhookId: number): number[] {
    return listing
      .withMarker(marker)
      .map((webhook) => webhook.id)
      .filter((id) => id !== webhookId)
      .sort((a, b) => a - b);
  }

  async function update(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.UpdateResult> {
    return guarded("update", async () => {
      const { inputs } = validated(news);
      const recorded = recordedOutputs(olds);
      const webhookId = webhookIdOf(id);
      const { client, directory, claims } = connection();
      claims.claim(inputs.orgId, webhookId);
      await removeLateCopies(client, directory, inputs.orgId, webhookId, recorded);
      const { patch } = compareWebhook(comparableRecord(recorded, inputs), inputs);
      const { lateCopies: _removed, ...kept } = recorded;
      // Outputs must be complete: the engine keeps only what update returns.
      if (Object.keys(patch).length === 0) {
        return { outs: { ...kept, allowInsecureEndpoint: inputs.allowInsecureEndpoint, onDelete: inputs.onDelete } };
      }
      // A webhook taken in by `pulumi import` carries no marker yet: its first write gives it
      // this resource's, as adoption does, so later runs (and import-file) see it is managed.
      const ownerKey = recorded.ownerKey ?? inputs.ownerKey;
      const marker = recorded.ownerMarker ?? newMarker(ownerKey);
      const body =
        recorded.ownerMarker === undefined ? { ...patch, headers: headersWithMarker(inputs.headers, marker) } : markedPatch(patch, inputs, marker);
      const live = await client.updateWebhook(inputs.orgId, webhookId, body);
      const sentEndpoint = patch.endpoint ?? recorded.endpointStoredAs?.sent ?? inputs.endpoint;
      const outs: WebhookOutputs = withStoredForm(outputsFrom(live, inputs.orgId, inputs), sentEndpoint);
      if (ownerKey !== undefined) outs.ownerKey = ownerKey;
      outs.ownerMarker = marker;
      // A marker this PATCH writes first is on this webhook alone, as adoption's is.
      if (recorded.ownerMarker === undefined || recorded.copiesRuledOut === true) outs.copiesRuledOut = true;
      return { outs };
    });
  }

  /**
   * Deletes the late copies refresh recorded, each only if it still carries this webhook's
   * own marker now: evidence at the moment of deletion, never the memory of an earlier run.
   */
  async function removeLateCopies(
    client: OpenSolarClient,
    directory: WebhookDirectory,
    orgId: number,
    webhookId: number,
    recorded: Partial<WebhookOutputs>,
  ): Promise<void> {
    const marker = recorded.ownerMarker;
    const wanted = new Set(recorded.lateCopies ?? []);
    if (marker === undefined || wanted.size === 0) return;
    for (const copy of lateCopiesOf(await directory.list(orgId), marker, webhookId)) {
      if (!wanted.has(copy)) continue;
      debug(`webhook ${webhookId} in org ${orgId}: deleting late copy ${copy}`);
      await client.deleteWebhook(orgId, copy);
    }
  }

  async function deleteWebhook(id: string, props: Record<string, unknown>): Promise<void> {
    return guarded("delete", async () => {
      const recorded = recordedOutputs(props);
      const webhookId = webhookIdOf(id);
      const orgId = recordedOrg(recorded, id);
      const { client, directory } = connection();
      if (recorded.onDelete === "disable") {
        await disable(client, orgId, webhookId);
        return;
      }
      // The look for late copies (below), needed only where a lost POST may have made one, goes
      // out beside the DELETE rather than after it: it asks for nothing the DELETE changes,
      // and the destroy waits for one round trip.
      const listing = mayHaveLateCopies(recorded) ? directory.list(orgId) : undefined;
      // Awaited below, or abandoned with the DELETE's own error: never an unhandled rejection.
      listing?.catch(() => undefined);
      const outcome = await client.deleteWebhook(orgId, webhookId);
      if (outcome === "not_allowed") {
        await disable(client, orgId, webhookId);
        warn(
          `OpenSolar does not allow DELETE of webhook ${webhookId} in org ${orgId} (405): it was disabled instead ` +
            "and stays in OpenSolar. Remove it there if you want it gone; set onDelete: \"disable\" to silence this.",
        );
        return;
      }
      // Leave no orphan: copies that carry this webhook's own marker go with it.
      if (listing !== undefined && recorded.ownerMarker !== undefined) {
        const copies = lateCopiesOf(await listing, recorded.ownerMarker, webhookId);
        for (const copy of copies) {
          debug(`webhook ${webhookId} in org ${orgId}: deleting late copy ${copy} with it`);
          await client.deleteWebhook(orgId, copy);
        }
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

  return { check, diff, create, read, update, delete: deleteWebhook };
}

/**
 * The operations with the settings that the last `configure` handed over (a stack's config,
 * or a provider instance's arguments), then the environment: what each front-end runs.
 */
export function configurableWebhookOperations(): WebhookOperations & {
  configure(request: { readonly config: ConfigSource | undefined }): Promise<void>;
} {
  let config: ConfigSource | undefined;
  return {
    ...webhookOperations(() => resolveSettings(config)),
    async configure(request) {
      config = request.config;
    },
  };
}
