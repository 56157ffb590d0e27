import type { ContextStore, ContextValues } from "@hexkit/core";

const empty: Readonly<Record<string, never>> = Object.freeze({});

/** The pino `mixin` and `mixinMergeStrategy` that put the ambient context on every line. */
export interface ContextMixin {
  readonly mixin: () => object;
  readonly mixinMergeStrategy: (mergeObject: object, mixinObject: object) => object;
}

/**
 * Reads the current context on every line and keeps `fields` of it (or all of
 * it). The picked values are cached per context object, so lines inside one
 * request cost a map lookup, not a new object. A line's own fields win over
 * context values of the same name. Never mutates the context or the fields
 * (pino's default merge assigns into the mixin's object, which here is the
 * store's own frozen value).
 */
export function contextMixin(store: ContextStore, fields: readonly string[] | "all"): ContextMixin {
  const cache = new WeakMap<ContextValues, object>();
  const pick = (values: ContextValues): object => {
    if (fields === "all") return Object.keys(values).length === 0 ? empty : values;
    let picked: Record<string, string> | undefined;
    for (const key of fields) {
      const value = values[key];
      if (value !== undefined) (picked ??= {})[key] = value;
    }
    return picked ?? empty;
  };
  return {
    mixin: () => {
      const values = store.current();
      let picked = cache.get(values);
      if (picked === undefined) {
        picked = pick(values);
        cache.set(values, picked);
      }
      return picked;
    },
    mixinMergeStrategy: (mergeObject, mixinObject) => {
      if (mixinObject === empty) return mergeObject;
      for (const _ in mergeObject) return { ...mixinObject, ...mergeObject };
      return mixinObject;
    },
  };
}
