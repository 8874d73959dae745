// Field paths (`project.systems.kw_stc`, `contact.*`) and the list semantics around them.

export const FIELD_MODELS = ["project", "contact", "event"] as const;
export type FieldModel = (typeof FIELD_MODELS)[number];

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** OpenSolar's longest documented paths are about 55 characters; one four times as long is a mistake. */
export const MAX_FIELD_PATH_LENGTH = 200;

/** Why `path` is not a valid field path, or undefined if it is. */
export function fieldPathProblem(path: string): string | undefined {
  // Not quoted: a path this long would flood the message.
  if (path.length > MAX_FIELD_PATH_LENGTH) return `the field path is longer than ${MAX_FIELD_PATH_LENGTH} characters`;
  const segments = path.split(".");
  const [model, ...rest] = segments;
  if (!model || rest.length === 0) {
    return `"${path}" is not a field path: write model.field (for example "project.address") or model.* ("contact.*")`;
  }
  if (!(FIELD_MODELS as readonly string[]).includes(model)) {
    return `"${path}" names the unknown model "${model}": the models are ${FIELD_MODELS.join(", ")}`;
  }
  if (rest.length === 1 && rest[0] === "*") return undefined;
  for (const segment of rest) {
    if (segment === "*") return `"${path}" uses "*" below the model: only "${model}.*" (every field) is supported`;
    if (!SEGMENT.test(segment)) {
      return `"${path}" has the invalid segment "${segment}": segments are letters, digits and underscores`;
    }
  }
  return undefined;
}

/** The list without repeats, first occurrence kept (the order users wrote stays readable). */
export function dedupe(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

/** Lists compare as sets: order and repeats never count as a change. null is its own value. */
export function sameFieldSet(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const left = new Set(a);
  const right = new Set(b);
  if (left.size !== right.size) return false;
  for (const item of left) if (!right.has(item)) return false;
  return true;
}
