import type { Clock } from "@hexkit/core";

/**
 * The real clock, for when the composition root passes none. Its timers are
 * unref'd: a pending request deadline never keeps the process alive.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      if (ms <= 0) resolve();
      else setTimeout(resolve, ms).unref();
    }),
  setTimer: (ms, fn) => {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return () => {
      clearTimeout(handle);
    };
  },
};
