import type { RequestHandler } from "express";
import { notFound } from "./api-errors";

/**
 * The last API handler. Like Django's APPEND_SLASH, a GET for a known path missing its
 * trailing slash is redirected (301) to the slashed path; everything else is 404.
 */
export function slashRedirectOrNotFound(knownPaths: readonly RegExp[]): RequestHandler {
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
