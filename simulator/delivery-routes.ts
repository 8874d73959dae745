import express, { type Request, type RequestHandler, type Router } from "express";
import { integerInPath, methodNotAllowed } from "./api-errors";
import { authorize } from "./auth";
import type { SimulatorContext } from "./app";
import { answerList, type ListSpec } from "./list-answers";
import type { DeliveryLogEntry, QueuedDelivery } from "./types";

/** The paths these routes answer, for the trailing-slash redirect to consult. */
export const DELIVERY_PATHS: readonly RegExp[] = [
  /^\/api\/orgs\/\d+\/webhook_process_logs\/$/,
  /^\/api\/orgs\/\d+\/webhook_queue_models\/$/,
];

const LOG_SPEC: ListSpec<DeliveryLogEntry> = {
  columns: [
    "id",
    "webhook",
    "successful",
    "model_name",
    "model_pk",
    "event_name",
    "event_id",
    "event_timestamp",
    "created_date",
    "notes",
  ],
  searchFields: ["model_name", "model_pk", "event_name", "event_id", "notes", "webhook"],
};

const QUEUE_SPEC: ListSpec<QueuedDelivery> = {
  columns: [
    "id",
    "webhook",
    "number_of_attempts",
    "next_attempt_at",
    "processing_started_at",
    "event",
    "model_name",
    "model_pk",
    "foreign_identifier",
  ],
  searchFields: ["event", "model_name", "model_pk", "foreign_identifier", "webhook"],
};

const READ_METHODS = ["GET", "HEAD", "OPTIONS"];

/** `GET /api/orgs/:org_id/webhook_process_logs/` and `GET /api/orgs/:org_id/webhook_queue_models/`. */
export function deliveryRoutes(ctx: SimulatorContext): Router {
  const router = express.Router({ strict: true, caseSensitive: true });
  const list = <T extends object>(items: (orgId: number) => T[], spec: ListSpec<T>): RequestHandler =>
    (req, res) => {
      answerList(req, res, items(orgIdOf(req)), spec, { pageSize: ctx.settings.pageSize, baseUrl: ctx.baseUrl });
    };

  router
    .route("/api/orgs/:orgId/webhook_process_logs/")
    .all(guard(ctx))
    .get(list((orgId) => ctx.deliveries.log.list(orgId), LOG_SPEC))
    .all(readOnly("WebhookProcessLog"));
  router
    .route("/api/orgs/:orgId/webhook_queue_models/")
    .all(guard(ctx))
    .get(list((orgId) => ctx.deliveries.queue(orgId), QUEUE_SPEC))
    .all(readOnly("WebhookQueueModel"));
  return router;
}

/** 404 for org ids that are not integers (Django's URL converter), then 401/403. */
function guard(ctx: SimulatorContext): RequestHandler {
  return (req, _res, next) => {
    authorize(ctx.tokens, req, orgIdOf(req));
    next();
  };
}

/** OPTIONS answers metadata; writes answer 405, after auth, as DRF's read-only views do. */
function readOnly(name: string): RequestHandler {
  return (req, res) => {
    if (req.method !== "OPTIONS") throw methodNotAllowed(req.method, READ_METHODS);
    res
      .set("Allow", READ_METHODS.join(", "))
      .json({ name, description: "", renders: ["application/json", "text/csv"], parses: ["application/json"] });
  };
}

function orgIdOf(req: Request): number {
  return integerInPath(req.params["orgId"]);
}
