import type { ContextStore, ContextValues } from "@hexkit/core";
import { pickContext } from "./context-children.js";

const empty: Readonly<Record<string, never>> = Object.freeze({});

/** The pino `mixin` and `mixinMergeStrategy` that put the ambient context on every line. */
export interface ContextMixin {
  readonly mixin: () => object;
  readonly mixinMergeStrategy: (mergeObject: object, mixinObject: object) => object;
}

/**
 * For the `pino` escape hatch: reads the current context on every line and
 * keeps `fields` of it (or all of it). The picked values are cached per context object, so lines inside one
 * request cost a map lookup, not a new object. A line's own fields win over
 * context values of the same name. Never mutates the context or the fields
 * (pino's default merge assigns into the mixin's object, which here is the
 * store's own frozen value).
 */
export function contextMixin(store: ContextStore, fields: readonly string[] | "all"): ContextMixin {
  const cache = new WeakMap<ContextValues, object>();
  const pick = (values: ContextValues): object => pickContext(values, fields) ?? empty;
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
