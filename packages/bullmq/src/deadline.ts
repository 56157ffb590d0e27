import { type Result, ResultAsync, type Timeout, type Unavailable, err, ok } from "@hexkit/core";
import { deadlineError, toPortError } from "./to-port-error.js";

/** What a deadline needs to know about the connection when it fires. */
export interface ConnectionProbe {
  /** True when the client is connected and ready for commands. */
  isReady(): boolean;
}

type Outcome<T> = Result<T, Unavailable | Timeout>;

// One race between an operation and its deadline. A class rather than
// closures made per call: every enqueue goes through here.
class DeadlineRace<T> {
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (outcome: Outcome<T>) => void,
    private readonly afterMs: number,
    private readonly name: string,
    private readonly probe: ConnectionProbe,
  ) {
    this.timer = setTimeout(() => {
      this.expire();
    }, afterMs);
    this.timer.unref();
  }

  finish(outcome: Outcome<T>): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(outcome);
  }

  private expire(): void {
    this.finish(err(deadlineError(this.afterMs, this.name, this.probe.isReady())));
  }
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
    new Promise<Outcome<T>>((resolve) => {
      const race = new DeadlineRace<T>(resolve, afterMs, name, probe);
      let pending: Promise<T>;
      try {
        pending = operation();
      } catch (cause) {
        pending = Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
      pending.then(
        (value) => {
          race.finish(ok(value));
        },
        (cause: unknown) => {
          race.finish(err(toPortError(cause, name)));
        },
      );
    }),
  );
}
