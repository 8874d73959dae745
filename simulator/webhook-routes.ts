import express, { type Request, type RequestHandler, type Router } from "express";
import { ApiError, integerInPath, methodNotAllowed, notFound } from "./api-errors";
import { authorize } from "./auth";
import type { SimulatorContext } from "./app";
import { readJsonObject } from "./json-body";
import { paginate } from "./list-answers";
import { representWebhook } from "./webhook-representation";
import type { WebhookRecord } from "./webhook-store";
import { validateCreate, validateUpdate } from "./webhook-validation";

/** The paths these routes answer, for the trailing-slash redirect to consult. */
export const WEBHOOK_PATHS: readonly RegExp[] = [/^\/api\/orgs\/\d+\/webhooks\/$/, /^\/api\/orgs\/\d+\/webhooks\/\d+\/$/];

/** `GET/POST /api/orgs/:org_id/webhooks/` and `GET/PATCH/DELETE /api/orgs/:org_id/webhooks/:id/`. */
export function webhookRoutes(ctx: SimulatorContext): Router {
  // strict: DRF paths end in "/" and the slash-less form must not match.
  const router = express.Router({ strict: true, caseSensitive: true });
  const show = (webhook: WebhookRecord) =>
    representWebhook(webhook, ctx.baseUrl, ctx.settings.maskHeaderValues);

  router
    .route("/api/orgs/:orgId/webhooks/")
    .all(guard(ctx))
    .get((req, res) => {
      const webhooks = ctx.store.list(orgIdOf(req)).map(show);
      const pageSize = ctx.settings.pageSize;
      res.json(pageSize === undefined ? webhooks : paginate(webhooks, pageSize, new URL(req.originalUrl, ctx.baseUrl)));
    })
    .post((req, res) => {
      const result = validateCreate(readJsonObject(req));
      if (!result.ok) throw new ApiError(400, result.errors);
      res.status(201).json(show(ctx.store.create(orgIdOf(req), result.value)));
    })
    .all(otherMethods(() => ["GET", "POST", "HEAD", "OPTIONS"]));

  router
    .route("/api/orgs/:orgId/webhooks/:id/")
    .all(guard(ctx))
    .get((req, res) => {
      res.json(show(existing(ctx, req)));
    })
    .patch((req, res) => {
      // DRF looks the object up before it reads the body: 404 wins over 400.
      const webhook = existing(ctx, req);
      const result = validateUpdate(readJsonObject(req));
      if (!result.ok) throw new ApiError(400, result.errors);
      const updated = ctx.store.update(webhook.orgId, webhook.id, result.value);
      if (!updated) throw notFound();
      res.json(show(updated));
    })
    .delete((req, res) => {
      if (!ctx.settings.allowDelete) throw methodNotAllowed("DELETE", detailMethods(false));
      const webhook = existing(ctx, req);
      ctx.store.remove(webhook.orgId, webhook.id);
      res.status(204).end();
    })
    .all(otherMethods(() => detailMethods(ctx.settings.allowDelete)));

  return router;
}

/** 404 for ids that are not integers (Django's URL converter), then 401/403. */
function guard(ctx: SimulatorContext): RequestHandler {
  return (req, _res, next) => {
    const orgId = orgIdOf(req);
    if (req.params["id"] !== undefined) idOf(req);
    authorize(ctx.tokens, req, orgId);
    next();
  };
}

/** DRF answers OPTIONS with metadata and anything else unmapped with 405, both after auth. */
function otherMethods(allowed: () => readonly string[]): RequestHandler {
  return (req, res) => {
    if (req.method !== "OPTIONS") throw methodNotAllowed(req.method, allowed());
    res
      .set("Allow", allowed().join(", "))
      .json({ name: "Webhook", description: "", renders: ["application/json"], parses: ["application/json"] });
  };
}

function detailMethods(allowDelete: boolean): string[] {
  return allowDelete ? ["GET", "PATCH", "DELETE", "HEAD", "OPTIONS"] : ["GET", "PATCH", "HEAD", "OPTIONS"];
}

/** The webhook named by the path, or 404 (also when it belongs to another org). */
function existing(ctx: SimulatorContext, req: Request): WebhookRecord {
  const webhook = ctx.store.get(orgIdOf(req), idOf(req));
  if (!webhook) throw notFound();
  return webhook;
}

function orgIdOf(req: Request): number {
  return integerInPath(req.params["orgId"]);
}

function idOf(req: Request): number {
  return integerInPath(req.params["id"]);
}
