import type { CacheError } from "../ports/cache.port.js";
import { type Result, ResultAsync } from "../result.js";
import type { CacheAside, CacheAsideDeps, CacheAsideEvent, GetOrSetOptions } from "./cache-aside-options.js";
import { createFiller } from "./cache-aside-fill.js";
import { classifyRead, type Lookup } from "./cache-aside-read.js";
import { createFlightTable } from "./flight-table.js";

/** A promise rejected with `cause` as is (whatever was thrown), as an `async` function's would be. */
const rejected = (cause: unknown): Promise<never> =>
  Promise.resolve().then(() => {
    throw cause;
  });

/**
 * Cache-aside (read-through by the caller) over the Cache port. Guarantees:
 *
 * - Single-flight per key within the process: concurrent `getOrSet` calls for
 *   a key share one cache read and at most one `load`; the first caller's
 *   `load` and options serve them all.
 * - With `lock`, single-flight across processes: a process that misses takes
 *   `lock:<key>` for `lockTtlMs`, re-reads the cache (another may just have
 *   filled it), loads and writes; a process that finds the lock held polls the
 *   cache every `pollMs` and loads itself only after `waitMs` without a value.
 *   Best effort, not exclusion: an expired lock or an exhausted wait can still
 *   give a second load.
 * - Stale-while-revalidate: a stale hit answers at once; one background
 *   refresh per key runs at a time (and, with `lock`, one across processes).
 *   A failed refresh keeps the stale value until the entry leaves the cache.
 * - The cache never fails a call: a failed read, write or lock (Unavailable,
 *   Timeout) falls through to `load` and is reported as `cache_error`. A
 *   corrupt or wrong-shaped entry is a miss, reported as `decode_error`.
 * - A loaded value is written before `getOrSet` answers (write failures are
 *   reported, not returned), so a later call in any process can see it.
 * - Time comes only from `clock`; no timers of its own. A background refresh
 *   never rejects. `load` must not throw: if it does (a bug), the rejection
 *   reaches the callers of that flight, and nothing is cached.
 */
export function createCacheAside(deps: CacheAsideDeps): CacheAside {
  const { cache, clock, onEvent } = deps;
  const inflight = createFlightTable<Promise<Result<unknown, unknown>>>();

  const emit = (event: CacheAsideEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // An observer's bug must not break caching.
    }
  };
  const { fill, loadAndStore, refreshInBackground } = createFiller({ cache, clock, lock: deps.lock, random: deps.random ?? Math.random, emit });

  /** A miss (or a cache that is down): load, with the lock when there is one; the flight ends after. */
  async function loadForFlight<T, E>(
    key: string,
    load: () => ResultAsync<T, E>,
    options: GetOrSetOptions<T>,
    found: "miss" | "down",
  ): Promise<Result<T, E>> {
    try {
      if (found === "down") return await loadAndStore(key, load, options, false);
      emit({ type: "miss", key });
      return await fill(key, load, options);
    } finally {
      inflight.delete(key);
    }
  }

  /** Answers a flight from its one cache read: at once on a hit, through `loadForFlight` otherwise. */
  function answer<T, E>(
    got: Result<string | undefined, CacheError>,
    key: string,
    load: () => ResultAsync<T, E>,
    options: GetOrSetOptions<T>,
  ): Result<T, E> | Promise<Result<T, E>> {
    let found: Lookup<T>;
    try {
      found = classifyRead(got, key, options, clock, emit);
    } catch (cause) {
      inflight.delete(key);
      throw cause;
    }
    if (typeof found !== "object") return loadForFlight(key, load, options, found);
    inflight.delete(key);
    if (found.fresh) {
      if (onEvent !== undefined) emit({ type: "hit", key, negative: found.negative });
    } else {
      emit({ type: "stale", key, negative: found.negative });
      refreshInBackground(key, load, options);
    }
    // A cached NotFound is only ever written from this key's own load error, so it is one of E.
    return found.result as Result<T, E>;
  }

  /**
   * The flight of `key`: one `then` on the read's own promise (ResultAsync.then
   * forwards to it), so a hit costs one microtask after the reply: no async
   * frames, no awaits of thenables, no ResultAsync.map layers. The callbacks
   * stay anonymous inline arrows: a named per-call closure costs a
   * `defineProperty` under esbuild's keepNames (tsx, the benches).
   * A flight's map entry is only ever removed by the flight itself, so no
   * identity check is needed.
   */
  function startFlight<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): Promise<Result<T, E>> {
    return cache.get(key).then(
      (got) => answer(got, key, load, options),
      (cause: unknown) => {
        inflight.delete(key);
        throw cause;
      },
    ) as Promise<Result<T, E>>;
  }

  return {
    getOrSet<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): ResultAsync<T, E> {
      const existing = inflight.get(key);
      if (existing !== undefined) return new ResultAsync(existing as Promise<Result<T, E>>);
      let flight: Promise<Result<T, E>>;
      try {
        flight = startFlight(key, load, options);
      } catch (cause) {
        // A Cache that throws instead of answering (a bug) fails this call, as a rejection.
        return new ResultAsync(rejected(cause));
      }
      inflight.set(key, flight);
      return new ResultAsync(flight);
    },
  };
}
