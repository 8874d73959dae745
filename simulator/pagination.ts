import { notFound } from "./api-errors";

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
