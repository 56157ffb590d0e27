import { type Clock, consumeFixedWindow, type RateLimitDecision, type RateLimitPolicy, type WindowState } from "@hexkit/core";

/**
 * The in-process fixed-window limiter that answers while Redis cannot
 * (fail-open mode). Same decisions as core's `consumeFixedWindow`, but per
 * process: with N processes up to N × its points pass in a window. It keeps
 * at most `maxKeys` windows, dropping the oldest first.
 */
export class InsuranceLimiter {
  private readonly windows = new Map<string, WindowState>();

  constructor(
    private readonly clock: Clock,
    private readonly fraction: number,
    private readonly maxKeys: number,
  ) {}

  consume(key: string, policy: RateLimitPolicy, cost: number): RateLimitDecision {
    const scaled = { points: Math.max(1, Math.floor(policy.points * this.fraction)), durationMs: policy.durationMs };
    const outcome = consumeFixedWindow(this.windows.get(key), scaled, this.clock.now(), cost);
    this.windows.delete(key);
    this.windows.set(key, outcome.state);
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (oldest.done !== true) this.windows.delete(oldest.value);
    }
    return outcome.decision;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}
