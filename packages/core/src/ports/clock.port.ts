/**
 * Time, as a port. Core owns no timers: everything that waits or reads the
 * time asks a Clock, so tests drive time with a fake clock instead of sleeping.
 * Not a scheduler: durable delays belong to the JobQueue.
 */
export interface Clock {
  /** Wall-clock time in milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds (at once for `ms <= 0`). Never rejects.
   * A fake clock resolves it when time is advanced past the deadline.
   */
  sleep(ms: number): Promise<void>;
  /**
   * Calls `fn` once, `ms` milliseconds from now. Returns a function that
   * cancels the call if it has not happened yet (calling it later is harmless).
   * A real clock's timer must not keep the process alive on its own.
   */
  setTimer(ms: number, fn: () => void): () => void;
}
