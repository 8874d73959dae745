import express, { type Router } from "express";
import { ApiError, apiErrorHandler, notFound } from "./api-errors";
import type { SimulatorContext } from "./app";
import { makeChange, ModelChangeError } from "./models";
import { withCredentialsMasked } from "./request-log";
import type { FaultRule } from "./types";
import { representWebhook } from "./webhook-representation";

const RULE_FIELD_TYPES: Readonly<Record<keyof FaultRule, "string" | "number" | "boolean">> = {
  method: "string",
  path: "string",
  status: "number",
  retryAfter: "string",
  rawBody: "string",
  contentType: "string",
  latencyMs: "number",
  reset: "boolean",
  loseResponse: "boolean",
  times: "number",
  probability: "number",
  seed: "number",
};

/**
 * `/__simulator/...`: the Simulator methods over HTTP, for a simulator started from the
 * command line. No auth, not recorded, no latency or faults.
 */
export function controlRoutes(ctx: SimulatorContext): Router {
  const router = express.Router();
  router.use(express.json());

  router.get("/requests", (_req, res) => {
    res.json(ctx.log.entries.map(withCredentialsMasked));
  });
  router.delete("/requests", (_req, res) => {
    ctx.log.clear();
    res.status(204).end();
  });

  router.post("/faults", (req, res) => {
    const id = addRule(ctx, parseRule(req.body));
    res.status(201).json({ id });
  });
  router.delete("/faults", (_req, res) => {
    ctx.faults.clear();
    res.status(204).end();
  });
  router.delete("/faults/:id", (req, res) => {
    if (!ctx.faults.remove(Number(req.params.id))) throw notFound();
    res.status(204).end();
  });

  router.get("/orgs/:org/webhooks", (req, res) => {
    const orgId = Number(req.params.org);
    if (!Number.isSafeInteger(orgId)) throw notFound();
    res.json(ctx.store.list(orgId).map((webhook) => representWebhook(webhook, ctx.baseUrl, false)));
  });

  // Make a project, contact or event change happen, as if someone used OpenSolar.
  router.post("/orgs/:org/changes", async (req, res) => {
    const orgId = Number(req.params.org);
    if (!Number.isSafeInteger(orgId)) throw notFound();
    try {
      res.status(201).json(await makeChange(ctx.models, ctx.deliveries, { ...objectBody(req.body), orgId }));
    } catch (error) {
      if (error instanceof ModelChangeError) throw new ApiError(error.status, { detail: error.message });
      throw error;
    }
  });
  router.post("/deliveries/flush", async (_req, res) => {
    res.json(await ctx.deliveries.flush());
  });

  router.post("/tokens", (req, res) => {
    const body = objectBody(req.body);
    const token = body["token"];
    const orgIds = body["orgIds"];
    if (typeof token !== "string" || !Array.isArray(orgIds)) {
      throw new ApiError(400, { detail: 'Expected {"token": string, "orgIds": number[]}.' });
    }
    try {
      ctx.tokens.set(token, orgIds as number[]);
    } catch (error) {
      throw new ApiError(400, { detail: (error as Error).message });
    }
    res.status(204).end();
  });
  router.delete("/tokens/:token", (req, res) => {
    ctx.tokens.revoke(req.params.token);
    res.status(204).end();
  });

  router.use(() => {
    throw notFound();
  });
  router.use(apiErrorHandler);
  return router;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, { detail: "Expected a JSON object body." });
  }
  return body as Record<string, unknown>;
}

/** A FaultRule from JSON: the same fields, with `path` as a plain string. */
function parseRule(body: unknown): FaultRule {
  const fields = objectBody(body);
  for (const [name, value] of Object.entries(fields)) {
    const expected = (RULE_FIELD_TYPES as Readonly<Record<string, string>>)[name];
    if (expected === undefined) throw new ApiError(400, { detail: `Unknown fault rule field "${name}".` });
    if (typeof value !== expected) throw new ApiError(400, { detail: `Fault rule field "${name}" must be a ${expected}.` });
  }
  return fields as FaultRule;
}

function addRule(ctx: SimulatorContext, rule: FaultRule): number {
  try {
    return ctx.faults.add(rule);
  } catch (error) {
    throw new ApiError(400, { detail: (error as Error).message });
  }
}
