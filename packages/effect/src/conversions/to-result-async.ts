import { type Internal, ResultAsync, err } from "@hexkit/core";
import { Context, Effect, type Exit, ManagedRuntime } from "effect";
import { type DefectHandler, defectToInternal, exitToResult } from "./exit-to-result.js";

/**
 * Where an Effect with requirements `R` runs: a `ManagedRuntime` built from
 * your layers (its build errors `ER` become typed errors), or a `Context`
 * you already hold (e.g. captured with `Effect.context()`).
 */
export type EffectRunner<R, ER = never> = ManagedRuntime.ManagedRuntime<R, ER> | Context.Context<R>;

const isRuntime = <R, ER>(runner: EffectRunner<R, ER>): runner is ManagedRuntime.ManagedRuntime<R, ER> =>
  ManagedRuntime.isManagedRuntime(runner);

function runExit<A, E, R, ER>(effect: Effect.Effect<A, E, R>, runner?: EffectRunner<R, ER>): Promise<Exit.Exit<A, E | ER>> {
  if (runner === undefined) return Effect.runPromiseExit(effect as Effect.Effect<A, E>);
  if (isRuntime(runner)) return runner.runPromiseExit(effect);
  return Effect.runPromiseExitWith(runner)(effect);
}

/**
 * Runs `effect` now and answers a `ResultAsync` that never rejects, with a
 * defect handler of your choice. `toResultAsync` is this with `Internal`;
 * port adapters built from services use it to stay inside their port's
 * error union.
 */
export function runToResultAsync<A, E, R, ER, D>(
  effect: Effect.Effect<A, E, R>,
  runner: EffectRunner<R, ER> | undefined,
  onDefect: DefectHandler<D>,
): ResultAsync<A, E | ER | D> {
  let exit: Promise<Exit.Exit<A, E | ER>>;
  try {
    exit = runExit(effect, runner);
  } catch (defect) {
    // A disposed runtime throws instead of answering an Exit.
    return new ResultAsync(Promise.resolve(err(onDefect({ _tag: "Die", defect }))));
  }
  return new ResultAsync(
    exit.then(
      (settled) => exitToResult(settled, onDefect),
      (defect: unknown) => err(onDefect({ _tag: "Die", defect })),
    ),
  );
}

/**
 * Runs an Effect and answers a `ResultAsync` (started at once, like every
 * ResultAsync; it never rejects).
 *
 * - A typed failure comes back as the same error object, not wrapped: an
 *   `Effect.fail(notFound("message", "m1"))` is `err(notFound("message", "m1"))`.
 * - A defect (a die, or an interruption) becomes `Internal` with the defect
 *   as `cause`: it is a bug, and its cause is for the log only.
 * - With a `ManagedRuntime`, the runtime's layer build errors are typed
 *   errors too (a layer that failed to build answers them on every run).
 *
 * Without a runner the Effect must need no services (`R = never`).
 */
export function toResultAsync<A, E>(effect: Effect.Effect<A, E>): ResultAsync<A, E | Internal>;
export function toResultAsync<A, E, R, ER>(
  effect: Effect.Effect<A, E, R>,
  runner: EffectRunner<R, ER>,
): ResultAsync<A, E | ER | Internal>;
export function toResultAsync<A, E, R, ER>(
  effect: Effect.Effect<A, E, R>,
  runner?: EffectRunner<R, ER>,
): ResultAsync<A, E | ER | Internal> {
  return runToResultAsync(effect, runner, defectToInternal);
}
