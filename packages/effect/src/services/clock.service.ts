import type { Clock } from "@hexkit/core";
import { Clock as EffectClock, Duration, Effect, Layer } from "effect";
import { PortService } from "../port-service.js";

/** The `Clock` port as Effect values. Time is in epoch milliseconds. */
export interface ClockServiceShape {
  /** The current time in epoch ms, read each time the Effect runs. */
  readonly now: Effect.Effect<number>;
  /**
   * Completes after `ms` milliseconds (at once for `ms <= 0`), on the port's
   * timer; interrupting the Effect cancels the timer.
   */
  sleep(ms: number): Effect.Effect<void>;
}

function sleepOn(clock: Clock, ms: number): Effect.Effect<void> {
  if (ms <= 0) return Effect.void;
  // A real timer would fire at once for Infinity (it overflows); never is what was asked.
  if (!Number.isFinite(ms)) return Effect.never;
  return Effect.callback((resume: (done: Effect.Effect<void>) => void) => {
    const cancel = clock.setTimer(ms, () => {
      resume(Effect.void);
    });
    return Effect.sync(cancel);
  });
}

/** The service's values over any `Clock` adapter (system clock, fake clock). */
export function makeClockService(clock: Clock): ClockServiceShape {
  return { now: Effect.sync(() => clock.now()), sleep: (ms) => sleepOn(clock, ms) };
}

/**
 * Effect's own `Clock` over a hexkit `Clock`: `Effect.sleep`, `Effect.timeout`,
 * schedules and `Clock.currentTimeMillis` then follow the port, so a fake
 * clock drives Effect code in tests exactly as it drives the adapters.
 * Nanosecond readings are the port's milliseconds times 10^6 (ms resolution).
 */
export function effectClockFrom(clock: Clock): EffectClock.Clock {
  const nanos = (): bigint => BigInt(Math.round(clock.now())) * 1_000_000n;
  return {
    currentTimeMillisUnsafe: () => clock.now(),
    currentTimeMillis: Effect.sync(() => clock.now()),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: nanos,
    monotonicTimeNanos: Effect.sync(nanos),
    sleep: (duration) => sleepOn(clock, Duration.toMillis(duration)),
  };
}

/**
 * The `Clock` port as an Effect service (`@hexkit/Clock`). `layerWithEffectClock`
 * also replaces Effect's built-in clock (see `effectClockFrom`).
 */
export class ClockService extends PortService<ClockService, Clock, ClockServiceShape>()("@hexkit/Clock", makeClockService) {
  /** Provides `ClockService` and makes Effect's own clock follow the same port. */
  static readonly layerWithEffectClock = (clock: Clock): Layer.Layer<ClockService> =>
    Layer.merge(ClockService.layer(clock), Layer.succeed(EffectClock.Clock, effectClockFrom(clock)));
}
