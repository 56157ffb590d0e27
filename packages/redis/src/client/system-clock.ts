import type { Clock } from "@hexkit/core";

/**
 * The real clock (`Date.now`, `setTimeout`), used when no Clock is passed.
 * Its timers are unref'd so they never keep the process alive on their own.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref()),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => {
      clearTimeout(t);
    };
  },
};
