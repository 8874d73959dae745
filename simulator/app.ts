import express, { type Express, type Router } from "express";
import { apiErrorHandler } from "./api-errors";
import type { SimulatorContext } from "./context";
import { controlRoutes } from "./control-routes";
import { applyFaults } from "./fault-middleware";
import { jsonBody } from "./json-body";
import { slashRedirectOrNotFound } from "./not-found";
import { recordRequests } from "./request-log";

/** A group of API routes, and the paths it answers (for the trailing-slash redirect). */
export interface ApiModule {
  readonly routes: Router;
  readonly paths: readonly RegExp[];
}

/**
 * The express app: control routes first (outside recording and faults), then the API
 * pipeline: parse body, record, faults, the modules' routes, redirect-or-404.
 */
export function createApp(ctx: SimulatorContext, modules: readonly ApiModule[]): Express {
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
