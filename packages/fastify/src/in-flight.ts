/**
 * The handlers running now, so that shutdown can wait for them (and abort
 * them at its deadline). Holds only what can be aborted.
 */
export interface Abortable {
  abort(reason: unknown): void;
}

export class InFlight {
  readonly #running = new Set<Abortable>();
  #waiters: (() => void)[] = [];

  get size(): number {
    return this.#running.size;
  }

  add(item: Abortable): void {
    this.#running.add(item);
  }

  delete(item: Abortable): void {
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
}
