import type { ContextStore, ContextValues } from "@hexkit/core";
import type { Logger as PinoInstance } from "pino";

/**
 * Picks `fields` of a context (or all of it); undefined when none is set.
 */
export function pickContext(values: ContextValues, fields: readonly string[] | "all"): Record<string, string> | undefined {
  let picked: Record<string, string> | undefined;
  const keys = fields === "all" ? Object.keys(values) : fields;
  for (const key of keys) {
    const value = values[key];
    if (value !== undefined) (picked ??= {})[key] = value;
  }
  return picked;
}

/**
 * Answers, for the current context, a pino child whose bindings are the
 * context values, so that the values are serialised once per request instead
 * of once per line (pino keeps a child's bindings as ready-made JSON).
 *
 * Children are cached per context object (a ContextStore keeps one object per
 * `run`, so every line inside a request finds its child with one identity
 * check). A store that hands out a new object on every call still reuses the
 * child of equal values seen last. Outside any context, `instance` itself.
 */
export function contextChildren(instance: PinoInstance, store: ContextStore, fields: readonly string[] | "all"): () => PinoInstance {
  const cache = new WeakMap<ContextValues, PinoInstance>();
  let lastContext: ContextValues | undefined;
  let lastTarget = instance;
  let lastKey: string | undefined;
  let lastKeyTarget = instance;
  return () => {
    const values = store.current();
    if (values === lastContext) return lastTarget;
    let target = cache.get(values);
    if (target === undefined) {
      const picked = pickContext(values, fields);
      if (picked === undefined) {
        target = instance;
      } else {
        const key = JSON.stringify(picked);
        if (key !== lastKey) {
          lastKey = key;
          lastKeyTarget = instance.child(picked);
        }
        target = lastKeyTarget;
      }
      cache.set(values, target);
    }
    lastContext = values;
    lastTarget = target;
    return target;
  };
}
