import { errAsync, type NotFound, okAsync, type ResultAsync } from "@hexkit/core";

/** Reads `NotFound` as `undefined` and passes every other error on: for lookups where absence is a normal case. */
export function orUndefined<T, E extends { readonly _tag: string }>(
  result: ResultAsync<T, E | NotFound>,
): ResultAsync<T | undefined, Exclude<E, NotFound>> {
  return result
    .map((value): T | undefined => value)
    .orElse((error) => (error._tag === "NotFound" ? okAsync(undefined) : errAsync(error as Exclude<E, NotFound>)));
}
