import { Effect, type Exit, type Fiber } from "effect";

/** Anything awaitable: a Promise, or a ResultAsync (whose `then` takes no `null`). */
interface Settles {
  then(onSettled: () => void, onFailed: (reason: unknown) => void): unknown;
}

/**
 * Runs an Effect as a child fiber started inside `enter` (an adapter's
 * AsyncLocalStorage scope: a context store's `run`, a tracer's `withSpan`),
 * with the caller's services, and resumes the caller with the child's exit,
 * cause intact, once `enter` has settled (so a span has ended by then).
 *
 * `enter` gets `start(arg)`, which forks `make(arg)` and resolves with its
 * exit; the child's steps are all scheduled from inside `enter`, so they see
 * the adapter's ambient context. Interrupting the caller interrupts the child.
 */
export function runInside<T, A, E, R>(
  enter: (start: (arg: T) => Promise<Exit.Exit<A, E>>) => Settles,
  make: (arg: T) => Effect.Effect<A, E, R>,
): Effect.Effect<A, E, R> {
  return Effect.contextWith((context) =>
    Effect.callback<A, E>((resume) => {
      let fiber: Fiber.Fiber<A, E> | undefined;
      let exit: Exit.Exit<A, E> | undefined;
      const start = (arg: T): Promise<Exit.Exit<A, E>> =>
        new Promise((settle) => {
          const child = Effect.runForkWith(context)(make(arg));
          fiber = child;
          child.addObserver((done) => {
            exit = done;
            settle(done);
          });
        });
      const finish = (defect: unknown): void => {
        resume(exit ?? Effect.die(defect));
      };
      let entered: Settles;
      try {
        entered = enter(start);
      } catch (defect) {
        finish(defect);
        return;
      }
      entered.then(
        () => {
          finish(new Error("The adapter did not run the effect"));
        },
        finish,
      );
      return Effect.sync(() => fiber?.interruptUnsafe());
    }),
  );
}
