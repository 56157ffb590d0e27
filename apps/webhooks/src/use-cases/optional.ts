import { err, type NotFound, ok, type Result, ResultAsync } from "@hexkit/core";

/**
 * Reads `NotFound` as `undefined` and passes every other error on: for lookups where absence is a normal case.
 * One `then` on the lookup's own promise rather than `map` + `orElse`: the delivery worker makes
 * three such lookups per attempt, and each neverthrow layer costs an extra async frame.
 */
export function orUndefined<T, E extends { readonly _tag: string }>(
  result: ResultAsync<T, E | NotFound>,
): ResultAsync<T | undefined, Exclude<E, NotFound>> {
  const settled = result.then((r): Result<T | undefined, Exclude<E, NotFound>> => {
    // An Ok carries no error, so it stands for the narrower Result without a copy.
    if (r.isOk()) return r as unknown as Result<T, Exclude<E, NotFound>>;
    return r.error._tag === "NotFound" ? ok(undefined) : err(r.error as Exclude<E, NotFound>);
  });
  // ResultAsync.then forwards to the wrapped promise, so this is a real Promise.
  return new ResultAsync(settled as Promise<Result<T | undefined, Exclude<E, NotFound>>>);
}
