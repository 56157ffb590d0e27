import type { Clock } from "@hexkit/core";

/**
 * The real Clock: `Date.now()` and Node timers. `setTimer`'s timers are
 * unref'd, so a pending timer never keeps the process alive on its own (a
 * sweep or a retry schedule must not block shutdown). `sleep` keeps the
 * process alive while awaited, since whoever awaits it expects to resume.
 */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms))),
    setTimer(ms, fn) {
      const handle = setTimeout(fn, Math.max(0, ms));
      handle.unref();
      return () => {
        clearTimeout(handle);
      };
    },
  };
}
