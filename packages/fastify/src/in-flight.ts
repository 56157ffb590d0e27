import type { Clock } from "@hexkit/core";

/**
 * The requests running now: shutdown waits for them (and aborts them at its
 * deadline), and their deadlines are enforced here by one periodic sweep
 * instead of a timer per request. A Node timer per request costs a few µs
 * to arm and clear, a large share of a request; the sweep costs one wake-up
 * per period while anything is in flight, and answers late by at most one
 * period (`periodMs`: a tenth of the shortest route deadline, 5–100 ms).
 * Entries are linked through their own `prev`/`next` fields, which is
 * cheaper than a Set on the hot path.
 */
export interface Tracked {
  /** Epoch ms after which `expire` is called. */
  readonly deadline: number;
  /** Called by the sweep once `deadline` has passed; must `delete` the entry. */
  expire(): void;
  abort(reason: unknown): void;
  prev: Tracked | undefined;
  next: Tracked | undefined;
}

export class InFlight {
  #head: Tracked | undefined = undefined;
  #size = 0;
  #waiters: (() => void)[] = [];
  #armed = false;
  readonly #clock: Clock;
  readonly #periodMs: number;

  constructor(clock: Clock, periodMs: number) {
    this.#clock = clock;
    this.#periodMs = periodMs;
  }

  get size(): number {
    return this.#size;
  }

  add(item: Tracked): void {
    item.prev = undefined;
    item.next = this.#head;
    if (this.#head !== undefined) this.#head.prev = item;
    this.#head = item;
    this.#size += 1;
    if (!this.#armed) this.#arm();
  }

  /** Removes `item`; removing an item that is not in the list does nothing. */
  delete(item: Tracked): void {
    if (item.prev === undefined && this.#head !== item) return;
    if (item.prev !== undefined) item.prev.next = item.next;
    else this.#head = item.next;
    if (item.next !== undefined) item.next.prev = item.prev;
    item.prev = undefined;
    item.next = undefined;
    this.#size -= 1;
    if (this.#size === 0 && this.#waiters.length > 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves once nothing is running (at once when nothing is). */
  whenEmpty(): Promise<void> {
    if (this.#size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Aborts everything running now; returns how many. */
  abortAll(reason: unknown): number {
    for (let item = this.#head; item !== undefined; item = item.next) item.abort(reason);
    return this.#size;
  }

  // The timer is not cancelled when the list empties: it fires once more, finds nothing and stops.
  // Cancelling would put a timer arm-and-clear back on every request of a lightly loaded server.
  #arm(): void {
    this.#armed = true;
    this.#clock.setTimer(this.#periodMs, this.#sweep);
  }

  readonly #sweep = (): void => {
    this.#armed = false;
    const now = this.#clock.now();
    let item = this.#head;
    while (item !== undefined) {
      const next = item.next;
      if (item.deadline <= now) item.expire();
      item = next;
    }
    if (this.#size > 0) this.#arm();
  };
}
