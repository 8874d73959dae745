import type { ModelChange } from "./types";

/**
 * Whether a change fires a webhook with these trigger fields.
 *
 * - null fires on every change of project, contact and event (documented).
 * - Only paths naming the change's model count: `["contact.first_name"]` never fires for a
 *   project (documented).
 * - UPDATE fires when a changed path equals a trigger path, or for `model.*` when anything
 *   changed; `changed_fields` holds parents too, so `project.systems` fires for a change in
 *   `systems[].kw_stc`. An UPDATE that changed nothing fires nothing.
 * - CREATE and DELETE fire for any trigger path on their model. The reference does not say
 *   how OpenSolar treats them; a new or deleted record changes every field it has, so this
 *   is the reading that loses no event.
 */
export function firesFor(triggerFields: readonly string[] | null, change: ModelChange): boolean {
  if (change.event === "UPDATE" && change.changed_fields.length === 0) return false;
  if (triggerFields === null) return true;
  const changed = new Set(change.changed_fields);
  return triggerFields.some((trigger) => {
    const dot = trigger.indexOf(".");
    if (dot === -1 || trigger.slice(0, dot) !== change.model) return false;
    const field = trigger.slice(dot + 1);
    if (change.event !== "UPDATE" || field === "*") return field !== "";
    return changed.has(field);
  });
}
