import { expect } from "vitest";

// vitest's asymmetric matchers are typed `any`; these wrappers type them
// `unknown` so the suites stay free of unsafe `any` flows.

/** Matches any string. */
export const anyString = (): unknown => expect.any(String);
/** Matches any number. */
export const anyNumber = (): unknown => expect.any(Number);
/** Matches a number that `predicate` accepts. */
export const satisfying = (predicate: (value: number) => boolean): unknown => expect.toSatisfy(predicate);
/** Matches an object that has at least `shape`'s properties. */
export const containing = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape);
/** Matches an `Err` whose error has `_tag` (and at least `fields`). */
export const errTagged = (tag: string, fields: Record<string, unknown> = {}): unknown => {
  const error: unknown = expect.objectContaining({ _tag: tag, ...fields });
  return expect.objectContaining({ error });
};
