import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { createApp } from "./app";
import { TokenRegistry } from "./auth";
import type { SimulatorContext } from "./context";
import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
import { Deliveries } from "./deliveries";
import { resolveDeliveryOptions } from "./delivery-options";
import { DELIVERY_PATHS, deliveryRoutes } from "./delivery-routes";
import { FaultList } from "./faults";
import { makeChange } from "./model-changes";
import { ModelStore } from "./model-store";
import { applySettingsPatch, resolveOptions } from "./options";
import { RequestLog } from "./request-log";
import type { Simulator, SimulatorOptions, StoredWebhook, WebhookFieldsPatch } from "./types";
import { representWebhook } from "./webhook-representation";
import { WEBHOOK_PATHS, webhookRoutes } from "./webhook-routes";
import { WebhookStore, type WebhookFields, type WebhookTimestamps } from "./webhook-store";

/** Starts an OpenSolar webhook API simulator on a real HTTP port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
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
  const server = createServer(
    createApp(ctx, [
      { routes: webhookRoutes(ctx), paths: WEBHOOK_PATHS },
      { routes: deliveryRoutes(ctx), paths: DELIVERY_PATHS },
    ]),
  );
  const sockets = trackSockets(server);
  const boundPort = await listen(server, port, host);
  ctx.baseUrl = `http://${urlHost(host)}:${boundPort}`;

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
      change: (input) => makeChange(ctx, input),
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
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("pulumi-opensolar simulator: the server has no TCP address."));
        return;
      }
      resolve(address.port);
    });
  });
}

/** A host usable in a URL: wildcard binds are reached via loopback, IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
