import { type Internal, type NotFound, type Timeout, type Unavailable, type ValidationError, internal } from "../errors.js";
import type { Cache, CacheError } from "../ports/cache.port.js";
import type { Clock } from "../ports/clock.port.js";
import type { Lock, LockHandle } from "../ports/lock.port.js";
import { type Result, ResultAsync, err } from "../result.js";
import { type CacheEnvelope, isNegative, readEnvelope, writeEnvelope } from "./cache-envelope.js";
import type { Random } from "./retry.js";

/** How one `getOrSet` call caches its key. Times in ms. */
export interface GetOrSetOptions<T> {
  /** How long a loaded value is fresh (> 0), before jitter. */
  readonly ttlMs: number;
  /**
   * Stale-while-revalidate window after the fresh time (default 0). A read in
   * this window answers the stale value at once and refreshes it in the
   * background. The cache keeps each entry for `ttlMs + staleMs`.
   */
  readonly staleMs?: number;
  /**
   * Fraction in [0, 1] (default 0): the fresh time is drawn uniformly from
   * [ttlMs × (1 − ttlJitter), ttlMs], so keys filled together do not expire
   * together. Jitter only shortens: a value is never fresh longer than `ttlMs`.
   */
  readonly ttlJitter?: number;
  /** When set, a `NotFound` from `load` is cached for this long and answered as `Err(NotFound)`. */
  readonly negativeTtlMs?: number;
  /** Checks a cached value. A failure makes the entry a miss (reported as `decode_error`), never a crash. */
  readonly decode: (raw: unknown) => Result<T, ValidationError>;
  /** Maps a value to a JSON-compatible one before `JSON.stringify` (default: the value itself). */
  readonly encode?: (value: T) => unknown;
  /** Tags stored with the entry, for `Cache.invalidateTags`. */
  readonly tags?: readonly string[];
  /** With a Lock: how long the cross-process fill lock lives (default 10 000); longer than a slow load. */
  readonly lockTtlMs?: number;
  /** With a Lock: how often a waiting process re-reads the cache (default 50). */
  readonly pollMs?: number;
  /** With a Lock: how long a process waits for another's fill before loading itself (default 5 000). */
  readonly waitMs?: number;
}

/** Defaults of the lock timings in `GetOrSetOptions`, in ms. */
export const cacheAsideLockDefaults = { lockTtlMs: 10_000, pollMs: 50, waitMs: 5_000 } as const;

/** Which step failed in a `cache_error` event. `encode` means the value could not be serialised. */
export type CacheAsideOperation = "get" | "set" | "lock" | "unlock" | "encode";

/**
 * What happened inside `getOrSet`, for logs and metrics. `background` marks a
 * stale-while-revalidate refresh; `negative` marks a cached `NotFound`.
 */
export type CacheAsideEvent =
  | { readonly type: "hit"; readonly key: string; readonly negative: boolean }
  | { readonly type: "stale"; readonly key: string; readonly negative: boolean }
  | { readonly type: "miss"; readonly key: string }
  | { readonly type: "load"; readonly key: string; readonly durationMs: number; readonly background: boolean }
  | { readonly type: "load_error"; readonly key: string; readonly error: unknown; readonly background: boolean }
  | { readonly type: "decode_error"; readonly key: string; readonly error: ValidationError }
  | {
      readonly type: "cache_error";
      readonly key: string;
      readonly operation: CacheAsideOperation;
      readonly error: Unavailable | Timeout | Internal;
    }
  | { readonly type: "lock_wait"; readonly key: string; readonly waitedMs: number; readonly filled: boolean };

/** What cache-aside needs: a Cache and a Clock; a Lock to single-flight across processes. */
export interface CacheAsideDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  /** When given, concurrent misses in different processes share one load (see `createCacheAside`). */
  readonly lock?: Lock;
  /** Uniform in [0, 1); drives TTL jitter. Default `Math.random`. */
  readonly random?: Random;
  /** Told about every hit, miss, load and failure. Must not throw (a throw is swallowed). */
  readonly onEvent?: (event: CacheAsideEvent) => void;
}

/** The cache-aside policy bound to its dependencies. */
export interface CacheAside {
  /**
   * The value under `key`: from the cache when fresh (or stale, refreshing in
   * the background), else from `load`, which is then cached. `load`'s `Err`
   * is returned as is and not cached (except `NotFound` with `negativeTtlMs`).
   */
  getOrSet<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): ResultAsync<T, E>;
}

interface Found<T> {
  readonly fresh: boolean;
  readonly negative: boolean;
  readonly result: Result<T, NotFound>;
}
type Lookup<T> = Found<T> | "miss" | "down";

/** A promise rejected with `cause` as is (whatever was thrown), as an `async` function's would be. */
const rejected = (cause: unknown): Promise<never> =>
  Promise.resolve().then(() => {
    throw cause;
  });

const isNotFound = (error: unknown): error is NotFound =>
  typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "NotFound";

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
  const { cache, clock, lock, onEvent } = deps;
  const random = deps.random ?? Math.random;
  const inflight = new Map<string, Promise<Result<unknown, unknown>>>();
  const refreshing = new Set<string>();

  const emit = (event: CacheAsideEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // An observer's bug must not break caching.
    }
  };

  /** What one cache read means for `key`: the synchronous half of a lookup, shared by the hit path and the polls. */
  function classify<T>(got: Result<string | undefined, CacheError>, key: string, options: GetOrSetOptions<T>): Lookup<T> {
    if (got.isErr()) {
      emit({ type: "cache_error", key, operation: "get", error: got.error });
      return "down";
    }
    if (got.value === undefined) return "miss";
    const envelope = readEnvelope(got.value);
    if (envelope.isErr()) {
      emit({ type: "decode_error", key, error: envelope.error });
      return "miss";
    }
    const entry = envelope.value;
    const now = clock.now();
    if (isNegative(entry)) return now < entry.f ? { fresh: true, negative: true, result: err(entry.n) } : "miss";
    // The entry's own stale end, so an entry a cache kept too long is still a miss.
    if (now >= entry.f + (options.staleMs ?? 0)) return "miss";
    const decoded = options.decode(entry.v);
    if (decoded.isErr()) {
      emit({ type: "decode_error", key, error: decoded.error });
      return "miss";
    }
    // An Ok carries no error, so the decoder's Ok stands for ours without a copy.
    return { fresh: now < entry.f, negative: false, result: decoded as Result<T, never> };
  }

  async function lookup<T>(key: string, options: GetOrSetOptions<T>): Promise<Lookup<T>> {
    return classify(await cache.get(key), key, options);
  }

  async function store(key: string, entry: () => CacheEnvelope, ttlMs: number, tags?: readonly string[]): Promise<void> {
    let text: string;
    try {
      text = writeEnvelope(entry());
    } catch (cause) {
      emit({ type: "cache_error", key, operation: "encode", error: internal("Could not encode the value for the cache", cause) });
      return;
    }
    const written = await cache.set(key, text, ttlMs, tags === undefined ? undefined : { tags });
    if (written.isErr()) emit({ type: "cache_error", key, operation: "set", error: written.error });
  }

  function freshMs(options: GetOrSetOptions<unknown>): number {
    const jitter = Math.min(1, Math.max(0, options.ttlJitter ?? 0));
    return Math.max(1, Math.round(options.ttlMs * (1 - jitter * random())));
  }

  async function loadAndStore<T, E>(
    key: string,
    load: () => ResultAsync<T, E>,
    options: GetOrSetOptions<T>,
    background: boolean,
  ): Promise<Result<T, E>> {
    const started = clock.now();
    const result = await load();
    if (result.isOk()) {
      emit({ type: "load", key, durationMs: clock.now() - started, background });
      const fresh = freshMs(options as GetOrSetOptions<unknown>);
      const { encode } = options;
      const value = result.value;
      await store(
        key,
        () => ({ v: encode === undefined ? value : encode(value), f: clock.now() + fresh }),
        fresh + Math.max(0, options.staleMs ?? 0),
        options.tags,
      );
      return result;
    }
    emit({ type: "load_error", key, error: result.error, background });
    const { negativeTtlMs } = options;
    const error = result.error;
    if (negativeTtlMs !== undefined && negativeTtlMs > 0 && isNotFound(error)) {
      await store(key, () => ({ n: error, f: clock.now() + negativeTtlMs }), negativeTtlMs, options.tags);
    }
    return result;
  }

  /** Runs `work` holding `lock:<key>`, releasing it after; `"held"` when another holder has it. */
  async function withLock<R>(key: string, options: GetOrSetOptions<unknown>, work: () => Promise<R>): Promise<R | "held"> {
    if (lock === undefined) return work();
    const acquired = await lock.acquire(`lock:${key}`, options.lockTtlMs ?? cacheAsideLockDefaults.lockTtlMs);
    if (acquired.isErr()) {
      if (acquired.error._tag === "Conflict") return "held";
      // A lock store that is down must not stop us serving: load without it.
      emit({ type: "cache_error", key, operation: "lock", error: acquired.error });
      return work();
    }
    try {
      return await work();
    } finally {
      await release(key, acquired.value);
    }
  }

  async function release(key: string, handle: LockHandle): Promise<void> {
    const released = await lock?.release(handle);
    if (released?.isErr()) emit({ type: "cache_error", key, operation: "unlock", error: released.error });
  }

  async function waitForFill<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): Promise<Result<T, E>> {
    const waitMs = options.waitMs ?? cacheAsideLockDefaults.waitMs;
    const pollMs = Math.max(1, options.pollMs ?? cacheAsideLockDefaults.pollMs);
    const start = clock.now();
    // Counted, not read from the clock, so a clock that stands still cannot loop forever.
    let waited = 0;
    while (waited < waitMs) {
      const step = Math.min(pollMs, waitMs - waited);
      await clock.sleep(step);
      waited += step;
      const found = await lookup(key, options);
      if (found === "down") break;
      if (found !== "miss") {
        emit({ type: "lock_wait", key, waitedMs: clock.now() - start, filled: true });
        return found.result as Result<T, E>;
      }
    }
    emit({ type: "lock_wait", key, waitedMs: clock.now() - start, filled: false });
    return loadAndStore(key, load, options, false);
  }

  async function fill<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): Promise<Result<T, E>> {
    const filled = await withLock(key, options as GetOrSetOptions<unknown>, async () => {
      if (lock !== undefined) {
        // Another process may have filled the key between our read and our lock.
        const again = await lookup(key, options);
        if (typeof again === "object") return again.result as Result<T, E>;
      }
      return loadAndStore(key, load, options, false);
    });
    return filled === "held" ? waitForFill(key, load, options) : filled;
  }

  function refreshInBackground<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): void {
    if (refreshing.has(key)) return;
    refreshing.add(key);
    const refresh = withLock(key, options as GetOrSetOptions<unknown>, () => loadAndStore(key, load, options, true));
    void refresh
      .then(undefined, (cause: unknown) => {
        emit({ type: "load_error", key, error: internal("Background refresh threw", cause), background: true });
      })
      .finally(() => refreshing.delete(key));
  }

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
      found = classify(got, key, options);
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
