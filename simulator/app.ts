// The express app: control routes first (outside recording and faults), then the API
// pipeline: parse body, record, faults, the route modules, redirect-or-404. Only this file
// and the modules it loads need express (an optional peer: see start.ts).
import express, { type Express, type RequestHandler, type Router } from "express";
import { apiErrorHandler, notFound } from "./api-errors";
import type { TokenRegistry } from "./auth";
import { controlRoutes } from "./control-routes";
import type { Deliveries } from "./deliveries";
import { DELIVERY_PATHS, deliveryRoutes } from "./delivery-routes";
import { applyFaults } from "./fault-middleware";
import type { FaultList } from "./faults";
import { jsonBody } from "./json-body";
import type { ModelStore } from "./models";
import type { RuntimeSettings } from "./options";
import { recordRequests, type RequestLog } from "./request-log";
import { WEBHOOK_PATHS, webhookRoutes } from "./webhook-routes";
import type { WebhookStore } from "./webhook-store";

/** The simulator's state, shared by the route modules. */
export interface SimulatorContext {
  readonly store: WebhookStore;
  readonly tokens: TokenRegistry;
  readonly settings: RuntimeSettings;
  readonly log: RequestLog;
  readonly faults: FaultList;
  readonly models: ModelStore;
  readonly deliveries: Deliveries;
  /** "http://host:port", set once the server listens; used for DRF's absolute links. */
  baseUrl: string;
}

/** A group of API routes, and the paths it answers (for the trailing-slash redirect). */
interface ApiModule {
  readonly routes: Router;
  readonly paths: readonly RegExp[];
}

export function createApp(ctx: SimulatorContext): Express {
  const modules: ApiModule[] = [
    { routes: webhookRoutes(ctx), paths: WEBHOOK_PATHS },
    { routes: deliveryRoutes(ctx), paths: DELIVERY_PATHS },
  ];
  const app = express();
  app.disable("x-powered-by");
  // DRF sends no ETag; express's would turn repeated GETs into 304s.
  app.set("etag", false);

  app.use("/__simulator", controlRoutes(ctx));

  app.use(...jsonBody());
  app.use(recordRequests(ctx.log));
  app.use(applyFaults(ctx.faults, ctx.settings));
  for (const module of modules) app.use(module.routes);
  app.use(slashRedirectOrNotFound(modules.flatMap((module) => module.paths)));
  app.use(apiErrorHandler);
  return app;
}

/**
 * The last API handler. Like Django's APPEND_SLASH, a GET for a known path missing its
 * trailing slash is redirected (301) to the slashed path; everything else is 404.
 */
function slashRedirectOrNotFound(knownPaths: readonly RegExp[]): RequestHandler {
  return (req, res) => {
    const slashed = `${req.path}/`;
    const isRead = req.method === "GET" || req.method === "HEAD";
    if (isRead && !req.path.endsWith("/") && knownPaths.some((path) => path.test(slashed))) {
      const at = req.originalUrl.indexOf("?");
      const query = at === -1 ? "" : req.originalUrl.slice(at);
      res.redirect(301, slashed + query);
      return;
    }
    throw notFound();
  };
}
