// Lists answered the way DRF answers them: search, page-number pages, JSON or CSV.
import type { Request, Response } from "express";
import { notFound } from "./api-errors";

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

/** DRF's PageNumberPagination answer. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * Cuts `items` into DRF pages selected by `?page=N` (or `last`). Links are absolute and keep
 * the other query parameters, like DRF's; page 1's link drops `page` altogether.
 */
export function paginate<T>(items: readonly T[], pageSize: number, requestUrl: URL): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const asked = requestUrl.searchParams.get("page") ?? "1";
  const page = asked === "last" ? pageCount : /^\d+$/.test(asked) ? Number(asked) : NaN;
  if (!(page >= 1 && page <= pageCount)) throw notFound("Invalid page.");

  const linkTo = (target: number): string => {
    const url = new URL(requestUrl);
    if (target === 1) url.searchParams.delete("page");
    else url.searchParams.set("page", String(target));
    return url.toString();
  };
  return {
    count: items.length,
    next: page < pageCount ? linkTo(page + 1) : null,
    previous: page > 1 ? linkTo(page - 1) : null,
    results: items.slice((page - 1) * pageSize, page * pageSize),
  };
}

/**
 * Rows as CSV the way Python's csv module writes them (DRF's CSV renderer uses it): CRLF
 * line ends, quotes only where needed, booleans as True/False and null as an empty cell.
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string {
  const lines = [columns.map(csvCell), ...rows.map((row) => columns.map((column) => csvCell(row[column])))];
  return lines.map((line) => `${line.join(",")}\r\n`).join("");
}

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "boolean"
        ? value
          ? "True"
          : "False"
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
