import { isDeepStrictEqual } from "node:util";

/**
 * The dotted paths whose values differ between two versions of a record, parents included
 * (`systems` and `systems.kw_stc`). List items are compared position by position and their
 * indices are left out, as field paths have none: a change in `systems[1].kw_stc` is
 * `systems.kw_stc`. An added or removed item changes the paths of everything it holds.
 */
export function changedPaths(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const found = new Set<string>();
  collect(before, after, [], found);
  return [...found].sort();
}

function collect(before: unknown, after: unknown, path: readonly string[], found: Set<string>): void {
  if (isDeepStrictEqual(before, after)) return;
  if (path.length > 0) found.add(path.join("."));
  if (Array.isArray(before) || Array.isArray(after)) {
    const left = Array.isArray(before) ? before : [];
    const right = Array.isArray(after) ? after : [];
    for (let index = 0; index < Math.max(left.length, right.length); index++) {
      collect(left[index], right[index], path, found);
    }
    return;
  }
  if (isObject(before) || isObject(after)) {
    const left = isObject(before) ? before : {};
    const right = isObject(after) ? after : {};
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      collect(left[key], right[key], [...path, key], found);
    }
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
