import { type Result, ResultAsync, type Timeout, type Unavailable, err, ok } from "@hexkit/core";
import { deadlineError, toPortError } from "./to-port-error.js";

/** What a deadline needs to know about the connection when it fires. */
export interface ConnectionProbe {
  /** True when the client is connected and ready for commands. */
  isReady(): boolean;
}

/**
 * Runs `operation` and answers its value, or a port error when it throws or
 * has not settled within `afterMs`. The operation is not cancelled at the
 * deadline (Redis commands cannot be); its late outcome is ignored, and its
 * rejection is always observed so that it never becomes unhandled.
 */
export function withDeadline<T>(
  operation: () => Promise<T>,
  afterMs: number,
  name: string,
  probe: ConnectionProbe,
): ResultAsync<T, Unavailable | Timeout> {
  return new ResultAsync(
    new Promise<Result<T, Unavailable | Timeout>>((resolve) => {
      let settled = false;
      const finish = (outcome: Result<T, Unavailable | Timeout>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        finish(err(deadlineError(afterMs, name, probe.isReady())));
      }, afterMs);
      timer.unref();
      let pending: Promise<T>;
      try {
        pending = operation();
      } catch (cause) {
        pending = Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
      pending.then(
        (value) => {
          finish(ok(value));
        },
        (cause: unknown) => {
          finish(err(toPortError(cause, name)));
        },
      );
    }),
  );
}
