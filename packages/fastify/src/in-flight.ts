import type { Clock } from "@hexkit/core";

/**
 * The handlers running now: shutdown waits for them (and aborts them at its
 * deadline), and their request deadlines are enforced here by one periodic
 * sweep instead of a timer per request. A Node timer per request costs a few
 * µs to arm and clear, a large share of a request; the sweep costs one
 * wake-up per period while anything is in flight, and fires late by at most
 * one period (`periodMs`, a tenth of the shortest route deadline, 5–100 ms).
 */
export interface Tracked {
  /** Epoch ms after which `expire` is called. */
  readonly deadline: number;
  /** Called once, by the sweep, when `deadline` has passed. */
  expire(): void;
  abort(reason: unknown): void;
}

export class InFlight {
  readonly #running = new Set<Tracked>();
  #waiters: (() => void)[] = [];
  #armed = false;
  readonly #clock: Clock;
  readonly #periodMs: number;

  constructor(clock: Clock, periodMs: number) {
    this.#clock = clock;
    this.#periodMs = periodMs;
  }

  get size(): number {
    return this.#running.size;
  }

  add(item: Tracked): void {
    this.#running.add(item);
    if (!this.#armed) this.#arm();
  }

  delete(item: Tracked): void {
    this.#running.delete(item);
    if (this.#running.size === 0 && this.#waiters.length > 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves once nothing is running (at once when nothing is). */
  whenEmpty(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Aborts everything running now; returns how many. */
  abortAll(reason: unknown): number {
    for (const item of this.#running) item.abort(reason);
    return this.#running.size;
  }

  // The timer is not cancelled when the set empties: it fires once more, finds nothing and stops.
  // Cancelling would put a timer arm-and-clear back on every request of a lightly loaded server.
  #arm(): void {
    this.#armed = true;
    this.#clock.setTimer(this.#periodMs, this.#sweep);
  }

  readonly #sweep = (): void => {
    this.#armed = false;
    const now = this.#clock.now();
    for (const item of this.#running) if (item.deadline <= now) item.expire();
    if (this.#running.size > 0) this.#arm();
  };
}
