import type { ErrorRequestHandler } from "express";

/** An answer that ends request handling: thrown by handlers, written by {@link apiErrorHandler}. */
export class ApiError extends Error {
  override name = "ApiError" as const;

  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body["detail"] === "string" ? body["detail"] : `HTTP ${status}`);
  }
}

export function notFound(detail = "Not found."): ApiError {
  return new ApiError(404, { detail });
}

/** A path segment as an id: like Django's int converter, anything but digits is 404. */
export function integerInPath(value: unknown): number {
  const parsed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed)) throw notFound();
  return parsed;
}

export function methodNotAllowed(method: string, allowed: readonly string[]): ApiError {
  return new ApiError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allowed.join(", ") });
}

/**
 * Writes ApiErrors as DRF would, and express's own client errors (a bad control-route body)
 * as {"detail"}. Anything else is a simulator bug and answers 500.
 */
export const apiErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof ApiError) {
    res.status(error.status).set(error.headers).json(error.body);
    return;
  }
  const failure = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof failure.status === "number" && failure.expose === true && typeof failure.message === "string") {
    res.status(failure.status).json({ detail: failure.message });
    return;
  }
  console.error("pulumi-opensolar simulator: unexpected error:", error);
  res.status(500).json({ detail: "A server error occurred." });
};
