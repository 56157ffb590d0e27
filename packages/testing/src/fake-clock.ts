import type { Clock } from "@hexkit/core";

/**
 * A Clock whose time moves only when a test says so. Timers and sleeps fire
 * during `advance`, in time order (ties in scheduling order), with pending
 * microtasks run between them, so code that awaits a sleep and then schedules
 * more work sees that work fire within the same `advance` when it is due.
 */
export interface FakeClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer (and sleep) that falls due
   * on the way, each at its own due time. Resolves once the due timers have
   * fired and the microtasks and immediates they caused have run.
   */
  advance(ms: number): Promise<void>;
  /** Jumps to `now` (forwards or backwards) without firing timers; `advance(0)` fires what is then due. */
  set(now: number): void;
  /** How many timers (and sleeps) are scheduled and not yet fired or cancelled. */
  pendingTimers(): number;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** 2025-01-01T00:00:00Z: a fixed start keeps tests deterministic. */
const defaultStartMs = 1_735_689_600_000;

/** Lets every queued microtask (and the ones they queue) run, then one turn of immediates. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A fake clock starting at `startMs` (epoch ms; default 2025-01-01T00:00:00Z). */
export function createFakeClock(startMs: number = defaultStartMs): FakeClock {
  let now = startMs;
  let seq = 0;
  const timers = new Set<Timer>();

  const setTimer = (ms: number, fn: () => void): (() => void) => {
    const timer: Timer = { at: now + Math.max(0, ms), seq: seq++, fn };
    timers.add(timer);
    return () => {
      timers.delete(timer);
    };
  };

  const nextDue = (until: number): Timer | undefined => {
    let next: Timer | undefined;
    for (const t of timers) {
      if (t.at > until) continue;
      if (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    }
    return next;
  };

  return {
    now: () => now,
    sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimer(ms, resolve))),
    setTimer,
    async advance(ms) {
      const target = now + Math.max(0, ms);
      await flush();
      for (;;) {
        const timer = nextDue(target);
        if (timer === undefined) break;
        timers.delete(timer);
        now = Math.max(now, timer.at);
        timer.fn();
        await flush();
      }
      now = Math.max(now, target);
      await flush();
    },
    set(value) {
      now = value;
    },
    pendingTimers: () => timers.size,
  };
}
