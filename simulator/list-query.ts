import type { Request, Response } from "express";
import { notFound } from "./api-errors";
import { toCsv } from "./csv";
import { paginate } from "./pagination";

export interface ListSpec<T> {
  /** Column order for CSV. */
  readonly columns: readonly (keyof T & string)[];
  /** Fields that `?search=` looks in. */
  readonly searchFields: readonly (keyof T & string)[];
}

// DRF falls back to the view's page size when `limit` is not a positive integer; with
// `?page=` alone there must be some size, and the simulator's lists are short.
const DEFAULT_PAGE_SIZE = 100;

/**
 * Answers a list the way DRF's SearchFilter, a page-number paginator whose page size comes
 * from `limit`, and the CSV renderer would: `search` keeps items where every term
 * (split on spaces and commas) is found, case-insensitively, in one of the search fields.
 */
export function answerList<T extends object>(
  req: Request,
  res: Response,
  items: readonly T[],
  spec: ListSpec<T>,
  options: { pageSize: number | undefined; baseUrl: string },
): void {
  const query = new URL(req.originalUrl, options.baseUrl);
  const format = query.searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "csv") throw notFound();

  const terms = (query.searchParams.get("search") ?? "").toLowerCase().split(/[\s,]+/).filter(Boolean);
  const found = items.filter((item) => {
    const haystack = spec.searchFields.map((field) => String(item[field] ?? "").toLowerCase());
    return terms.every((term) => haystack.some((text) => text.includes(term)));
  });

  const limit = query.searchParams.get("limit");
  const asked = limit !== null && /^\d+$/.test(limit) && Number(limit) > 0 ? Number(limit) : undefined;
  const pageSize =
    asked ?? options.pageSize ?? (query.searchParams.has("page") ? DEFAULT_PAGE_SIZE : undefined);
  const page = pageSize === undefined ? undefined : paginate(found, pageSize, query);

  if (format === "csv") {
    const rows = (page?.results ?? found) as ReadonlyArray<Readonly<Record<string, unknown>>>;
    res.type("text/csv; charset=utf-8").send(toCsv(spec.columns, rows));
    return;
  }
  res.json(page ?? found);
}
