import type { Result, ResultAsync } from "@hexkit/core";
import { Effect } from "effect";

/** A Result, or a function that makes one when the Effect runs. */
export type ResultSource<A, E> = Result<A, E> | (() => Result<A, E>);

/** A ResultAsync, or a function that starts one when the Effect runs. */
export type ResultAsyncSource<A, E> = ResultAsync<A, E> | (() => ResultAsync<A, E>);

const settle = <A, E>(result: Result<A, E>): Effect.Effect<A, E> =>
  result.isOk() ? Effect.succeed(result.value) : Effect.fail(result.error);

/**
 * A neverthrow `Result` as an Effect: `Ok` succeeds with its value, `Err`
 * fails with the very same error object (not wrapped), so a hexkit error's
 * `_tag` works with `Effect.catchTag`.
 *
 * Given a function, the Effect calls it each time it runs (lazy, re-runnable);
 * a throw from that function is a defect (`Effect.die`), as it is a bug.
 */
export function fromResult<A, E>(source: ResultSource<A, E>): Effect.Effect<A, E> {
  return typeof source === "function" ? Effect.suspend(() => settle(source())) : settle(source);
}

const await_ = <A, E>(start: () => ResultAsync<A, E>): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume) => {
    // A ResultAsync is PromiseLike and never rejects unless an adapter has a
    // bug: that case becomes a defect, not a typed error.
    void start().then(
      (result) => {
        resume(settle(result));
      },
      (defect: unknown) => {
        resume(Effect.die(defect));
      },
    );
  });

/**
 * A `ResultAsync` as an Effect that keeps the typed error: `Ok` succeeds,
 * `Err` fails with the same error object, a rejected ResultAsync (a bug:
 * ports never reject) dies with the rejection as the defect.
 *
 * Pass a function (`() => cache.get(key)`) to get a lazy Effect that starts a
 * fresh ResultAsync every time it runs; pass a ResultAsync you already hold
 * and every run awaits that one (already started) computation. Interrupting
 * the Effect stops waiting but cannot cancel the work behind the ResultAsync.
 */
export function fromResultAsync<A, E>(source: ResultAsyncSource<A, E>): Effect.Effect<A, E> {
  if (typeof source === "function") return await_(source);
  return await_(() => source);
}
