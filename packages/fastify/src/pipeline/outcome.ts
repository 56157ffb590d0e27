import type { AppError, Result } from "@hexkit/core";

/**
 * What the stages of the request pipeline hand each other. Every stage
 * returns a `Result`; the first `Err` becomes the problem answer. A stage
 * whose work finishes later returns a promise of one, and a handler that
 * answered a promise leaves it waiting in `ctx.answer` (see `awaiting`).
 */

/** A success answer, ready to send. */
export interface Success {
  readonly status: number;
  /** Serialised JSON, or `undefined` for a status without a body. */
  readonly json: string | undefined;
}

/** A stage's final word: a success to send or the error to answer with. */
export type Outcome = Result<Success, AppError>;

/**
 * What a stage returns when the handler answered a promise: the answer waits
 * in `ctx.answer`, not yet subscribed to, so that the one `then` on it can be
 * made where it costs least (outside the request's context, with the answer
 * sent in the same step).
 */
export const awaiting: unique symbol = Symbol("awaiting the handler's answer");

/** A stage's outcome: now, later, or the handler's pending answer. */
export type Step = Outcome | PromiseLike<Outcome> | typeof awaiting;

/** True for anything with a `then` method (a Promise or a `ResultAsync`). */
export const isThenable = <T>(value: unknown): value is PromiseLike<T> =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

/** True for a neverthrow `Result` (checked by shape: handlers may bring their own copy of the class). */
export const isResult = (value: unknown): value is Result<unknown, AppError> =>
  typeof value === "object" && value !== null && typeof (value as { isOk?: unknown }).isOk === "function";
