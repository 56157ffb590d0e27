import { afterEach, beforeEach } from "vitest";

/**
 * What every contract suite receives from an adapter's setup: the adapter
 * under test, a way to let time pass for it, and a teardown.
 *
 * `advance(ms)` moves time as the adapter sees it: an in-memory adapter
 * advances a fake clock (instantly), a real adapter (Redis, BullMQ) sleeps for
 * real. The suites therefore use small durations (TTLs of 100–400 ms) and
 * never assume that `advance` is exact: they only assume that at least `ms`
 * milliseconds passed for the adapter.
 */
export interface ContractHarness<T> {
  readonly subject: T;
  /** Lets at least `ms` milliseconds pass for the adapter, then lets pending work run. */
  advance(ms: number): Promise<void>;
  /** Releases everything setup created (connections, keys, workers). Called after each test. */
  teardown(): Promise<void>;
}

/**
 * Builds a fresh, isolated harness. Called before EACH test (beforeEach), so
 * a setup must not share state between calls: a new in-memory instance, or a
 * fresh key prefix on a real store.
 */
export type ContractSetup<T, H extends ContractHarness<T> = ContractHarness<T>> = () => Promise<H>;

/**
 * Registers beforeEach/afterEach around `setup` inside the current describe
 * block and returns a getter for the current test's harness.
 */
export function useHarness<H extends ContractHarness<unknown>>(setup: () => Promise<H>): () => H {
  let current: H | undefined;
  beforeEach(async () => {
    current = await setup();
  });
  afterEach(async () => {
    const h = current;
    current = undefined;
    if (h !== undefined) await h.teardown();
  });
  return () => {
    if (current === undefined) throw new Error("The contract harness is used outside a test");
    return current;
  };
}

/** Options for `eventually`. */
export interface EventuallyOptions {
  /** Time advanced between checks, in ms. Default 10. */
  readonly stepMs?: number;
  /** Give up after this much advanced time, in ms. Default 5 000. */
  readonly timeoutMs?: number;
  /** Named in the failure message. */
  readonly what?: string;
}

/**
 * Advances time in small steps until `condition` holds, failing after
 * `timeoutMs` of advanced time. With a fake clock this is instant; with a real
 * adapter it polls. Returns the time advanced, in ms.
 */
export async function eventually(
  advance: (ms: number) => Promise<void>,
  condition: () => boolean | Promise<boolean>,
  options: EventuallyOptions = {},
): Promise<number> {
  const stepMs = options.stepMs ?? 10;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let waited = 0;
  for (;;) {
    if (await condition()) return waited;
    if (waited >= timeoutMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`);
    }
    await advance(stepMs);
    waited += stepMs;
  }
}
