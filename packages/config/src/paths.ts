/** A path into a config value: object keys and array indices. */
export type ConfigPath = readonly (string | number)[];

const isContainer = (value: unknown): value is Record<string | number, unknown> =>
  typeof value === "object" && value !== null;

/** The value at `path`, and whether every step of the path exists. */
export function getAt(root: unknown, path: ConfigPath): { readonly present: boolean; readonly value: unknown } {
  let current = root;
  for (const key of path) {
    if (!isContainer(current) || !Object.hasOwn(current, key)) return { present: false, value: undefined };
    current = current[key];
  }
  return { present: current !== undefined, value: current };
}

/** Sets the value at `path`, creating mappings (or lists, for numeric keys) on the way; replaces scalars in the way. */
export function setAt(root: Record<string, unknown>, path: ConfigPath, value: unknown): void {
  let current: Record<string | number, unknown> = root;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (isContainer(next)) {
      current = next;
    } else {
      const created = (typeof path[index + 1] === "number" ? [] : {}) as Record<string | number, unknown>;
      current[key] = created;
      current = created;
    }
  }
}

/** Deep copy of plain data (YAML output: mappings, lists, scalars, dates). */
export function cloneData<T>(value: T): T {
  return structuredClone(value);
}
