import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { networkInterfaces } from "node:os";
import { createApp, type SimulatorContext } from "./app";
import { TokenRegistry } from "./auth";
import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
import { Deliveries } from "./deliveries";
import { FaultList } from "./faults";
import { isLoopbackHost } from "./loopback";
import { makeChange, ModelStore } from "./models";
import { applySettingsPatch, resolveDeliveryOptions, resolveOptions } from "./options";
import { RequestLog } from "./request-log";
import type { Simulator, SimulatorOptions, StoredWebhook, WebhookFieldsPatch } from "./types";
import { representWebhook } from "./webhook-representation";
import { WebhookStore, type WebhookFields, type WebhookTimestamps } from "./webhook-store";

/** Starts the simulator on a real HTTP port; loaded through start.ts, which checks for express first. */
export async function startSimulatorServer(options: SimulatorOptions = {}): Promise<Simulator> {
  const { port, host, tokens, settings } = resolveOptions(options);
  const deliveryOptions = resolveDeliveryOptions(options.deliveries);
  const store = new WebhookStore();
  const ctx: SimulatorContext = {
    store,
    tokens: new TokenRegistry(tokens),
    settings,
    log: new RequestLog(),
    faults: new FaultList(),
    models: new ModelStore(),
    deliveries: new Deliveries(store, deliveryOptions, () => ctx.baseUrl),
    baseUrl: "",
  };
  const server = createServer(createApp(ctx));
  const sockets = trackSockets(server);
  const boundPort = await listen(server, port, host);
  ctx.baseUrl = `http://${urlHost(host)}:${boundPort}`;
  if (!isLoopbackHost(host)) console.warn(nonLoopbackWarning(host, boundPort));

  // Out-of-band views are never masked: they show what OpenSolar stores.
  const show = (webhook: Parameters<typeof representWebhook>[0]): StoredWebhook =>
    representWebhook(webhook, ctx.baseUrl, false);
  let closing: Promise<void> | undefined;

  return {
    url: ctx.baseUrl,
    port: boundPort,
    close() {
      closing ??= Promise.all([
        ctx.deliveries.close(),
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // Idle keep-alive sockets would hold close() (and jest) open until they time out.
          for (const socket of sockets) socket.destroy();
        }),
      ]).then(() => undefined);
      return closing;
    },
    get requests() {
      return ctx.log.entries;
    },
    clearRequests: () => ctx.log.clear(),
    addFault(rule) {
      const id = ctx.faults.add(rule);
      return () => {
        ctx.faults.remove(id);
      };
    },
    clearFaults: () => ctx.faults.clear(),
    webhooks: (orgId) => ctx.store.list(orgId).map(show),
    getWebhook(orgId, id) {
      const webhook = ctx.store.get(orgId, id);
      return webhook && show(webhook);
    },
    seedWebhook(orgId, fields) {
      const given = pickFields(fields);
      return show(
        ctx.store.create(orgId, {
          headers: "",
          enabled: true,
          debug: false,
          trigger_fields: [...DEFAULT_TRIGGER_FIELDS],
          payload_fields: [...DEFAULT_PAYLOAD_FIELDS],
          ...given,
          endpoint: fields.endpoint,
        }),
      );
    },
    editWebhook(orgId, id, fields) {
      const webhook = ctx.store.update(orgId, id, pickFields(fields));
      if (!webhook) throw new Error(`pulumi-opensolar simulator: org ${orgId} has no webhook ${id}.`);
      return show(webhook);
    },
    removeWebhook(orgId, id) {
      ctx.store.remove(orgId, id);
    },
    setToken: (token, orgIds) => ctx.tokens.set(token, orgIds),
    revokeToken: (token) => ctx.tokens.revoke(token),
    setOptions: (patch) => applySettingsPatch(settings, patch),
    models: {
      change: (input) => makeChange(ctx.models, ctx.deliveries, input),
      get: (orgId, model, id) => ctx.models.get(orgId, model, id),
      list: (orgId, model) => ctx.models.list(orgId, model),
    },
    deliveries: {
      log: (orgId) => ctx.deliveries.log.list(orgId),
      queue: (orgId) => ctx.deliveries.queue(orgId),
      flush: () => ctx.deliveries.flush(),
      idle: () => ctx.deliveries.idle(),
    },
  };
}

const EDITABLE = [
  "endpoint",
  "headers",
  "enabled",
  "debug",
  "trigger_fields",
  "payload_fields",
  "created_date",
  "modified_date",
] as const;

/** Keeps known, defined fields only: JS callers may pass `id`, `url` or explicit undefineds. */
function pickFields(fields: WebhookFieldsPatch): Partial<WebhookFields> & WebhookTimestamps {
  const picked: Record<string, unknown> = {};
  for (const name of EDITABLE) {
    const value = fields[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? [...value] : value;
  }
  return picked as Partial<WebhookFields> & WebhookTimestamps;
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => reject(listenError(error, host, port));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("pulumi-opensolar simulator: the server has no TCP address."));
        return;
      }
      resolve(address.port);
    });
  });
}

/** One line that says what went wrong and what to do; the system error stays as `cause`. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${urlHost(host, false)}:${port}`;
  const reason =
    error.code === "EADDRINUSE"
      ? `${where} is already in use (EADDRINUSE): stop what listens there, or pick another port (0 picks a free one)`
      : error.code === "EACCES"
        ? `no permission to listen on ${where} (EACCES): ports below 1024 need privileges; pick a higher port`
        : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN"
          ? `cannot listen on ${where} (${error.code}): the host is not an address of this machine; use 127.0.0.1`
          : `cannot listen on ${where} (${error.code ?? error.message})`;
  const failure: NodeJS.ErrnoException = new Error(`pulumi-opensolar simulator: ${reason}.`, { cause: error });
  if (error.code !== undefined) failure.code = error.code;
  return failure;
}

/**
 * Said when other machines can reach the simulator, with the addresses they would use: it
 * accepts any request that carries its well-known token.
 */
function nonLoopbackWarning(host: string, port: number): string {
  const wildcard = host === "" || host === "0.0.0.0" || host === "::";
  const addresses = wildcard ? interfaceAddresses(host === "0.0.0.0") : [host];
  const urls = addresses.map((address) => `http://${urlHost(address, false)}:${port}`);
  return (
    `pulumi-opensolar simulator: warning: listening on ${urlHost(host, false)}:${port}, which other machines can reach` +
    (urls.length > 0 ? ` (${urls.join(", ")})` : "") +
    "; it has no real security, so bind 127.0.0.1 unless that is what you want."
  );
}

/** This machine's addresses that are not loopback; IPv4 only for a 0.0.0.0 bind. */
function interfaceAddresses(ipv4Only: boolean): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && (!ipv4Only || entry.family === "IPv4"))
    .map((entry) => entry.address);
}

/** A host usable in a URL: IPv6 needs brackets, and wildcard binds are reached via loopback unless told otherwise. */
function urlHost(host: string, viaLoopback = true): string {
  if (viaLoopback && (host === "0.0.0.0" || host === "")) return "127.0.0.1";
  if (viaLoopback && host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
