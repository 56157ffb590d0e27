import { type Timeout, timeout } from "../errors.js";
import type { Clock } from "../ports/clock.port.js";
import { type Result, ResultAsync, err, errAsync } from "../result.js";

/**
 * A point in time by which work must be done, as plain data (epoch ms), so it
 * can travel with a request or a job and be split among the steps inside.
 */
export interface Deadline {
  /** Epoch ms at which the deadline passes. */
  readonly at: number;
}

/** The deadline `ms` milliseconds from now. */
export function deadlineAt(clock: Clock, ms: number): Deadline {
  return { at: clock.now() + ms };
}

/** Milliseconds left before `deadline` (0 once it has passed; never negative). */
export function remainingMs(deadline: Deadline, clock: Clock): number {
  return Math.max(0, deadline.at - clock.now());
}

/** True once `deadline` has passed. */
export function isExpired(deadline: Deadline, clock: Clock): boolean {
  return clock.now() >= deadline.at;
}

/**
 * Answers `work`'s Result, or `Timeout` (with `afterMs` = `ms` and
 * `operation`) if it has not settled `ms` milliseconds after the call.
 * Guarantees:
 * - exactly one answer: whichever of the work and the timer comes first wins;
 * - the timer (from `clock.setTimer`) is cancelled as soon as the work
 *   settles, so nothing is left scheduled;
 * - with `ms <= 0` the deadline has already passed: `Timeout` at once, and
 *   `work` never starts;
 * - the work itself is not cancelled (core has no way to): it runs on, its late
 *   answer is dropped, and a late rejection is swallowed, never unhandled.
 *   `work` receives the deadline so it can pass the remaining time on.
 * If `work` throws or rejects before the deadline (a bug), the answer rejects.
 */
export function withDeadline<T, E>(
  work: (deadline: Deadline) => ResultAsync<T, E>,
  ms: number,
  clock: Clock,
  operation?: string,
): ResultAsync<T, E | Timeout> {
  if (ms <= 0) return errAsync(timeout(Math.max(0, ms), operation));
  const deadline = deadlineAt(clock, ms);
  return new ResultAsync(
    new Promise<Result<T, E | Timeout>>((resolve, reject) => {
      let settled = false;
      const cancel = clock.setTimer(ms, () => {
        if (settled) return;
        settled = true;
        resolve(err(timeout(ms, operation)));
      });
      const finish = (settle: () => void): void => {
        cancel();
        if (settled) return;
        settled = true;
        settle();
      };
      let running: PromiseLike<Result<T, E>>;
      try {
        running = work(deadline);
      } catch (cause) {
        finish(() => {
          // Passes the work's own throw on unchanged; wrapping it would hide the bug's stack.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(cause);
        });
        return;
      }
      running.then(
        (result) => {
          finish(() => {
            resolve(result);
          });
        },
        (cause: unknown) => {
          finish(() => {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
            reject(cause);
          });
        },
      );
    }),
  );
}

/** Like `withDeadline`, with the time left before `deadline` (a passed deadline times out at once). */
export function withinDeadline<T, E>(
  work: (deadline: Deadline) => ResultAsync<T, E>,
  deadline: Deadline,
  clock: Clock,
  operation?: string,
): ResultAsync<T, E | Timeout> {
  return withDeadline(work, remainingMs(deadline, clock), clock, operation);
}
