/**
 * The one seam to neverthrow. Every hexkit package imports `Result`,
 * `ResultAsync` and their helpers from `@hexkit/core`, never from neverthrow
 * directly, so the Result library can be tuned or replaced in one place.
 */
export {
  Result,
  ResultAsync,
  Ok,
  Err,
  ok,
  err,
  okAsync,
  errAsync,
  fromPromise,
  fromSafePromise,
  fromThrowable,
  fromAsyncThrowable,
  safeTry,
} from "neverthrow";
