import { type NotFound, internal } from "../errors.js";
import type { Cache } from "../ports/cache.port.js";
import type { Clock } from "../ports/clock.port.js";
import type { Lock, LockHandle } from "../ports/lock.port.js";
import type { Result, ResultAsync } from "../result.js";
import { cacheAsideLockDefaults, type GetOrSetOptions } from "./cache-aside-options.js";
import { classifyRead, type EmitEvent, type Lookup } from "./cache-aside-read.js";
import { type CacheEnvelope, writeEnvelope } from "./cache-envelope.js";
import type { Random } from "./retry.js";

/** What the miss path needs: the cache-aside's dependencies and where it reports events. */
export interface FillDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly lock: Lock | undefined;
  readonly random: Random;
  readonly emit: EmitEvent;
}

/** The miss path of cache-aside: loading, writing, the cross-process lock and background refreshes. */
export interface Filler {
  /** Loads and caches `key` after a miss, under the lock when there is one (waiting for another process's fill when it holds it). */
  readonly fill: <T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>) => Promise<Result<T, E>>;
  /** Loads and caches `key` without the lock (the cache is down, or a wait ran out). Write failures are reported, not returned. */
  readonly loadAndStore: <T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>, background: boolean) => Promise<Result<T, E>>;
  /** Starts a background refresh of a stale `key` unless one runs already; never rejects. */
  readonly refreshInBackground: <T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>) => void;
}

const isNotFound = (error: unknown): error is NotFound =>
  typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "NotFound";

/**
 * Builds the miss path over `deps`. Guarantees (see `createCacheAside`): a
 * loaded value is written before the call answers; with a lock, one process
 * loads while others poll the cache for its value and load themselves only
 * after `waitMs`; a lock store that is down never stops a load; one
 * background refresh per key at a time.
 */
export function createFiller(deps: FillDeps): Filler {
  const { cache, clock, lock, random, emit } = deps;
  const refreshing = new Set<string>();

  async function lookup<T>(key: string, options: GetOrSetOptions<T>): Promise<Lookup<T>> {
    return classifyRead(await cache.get(key), key, options, clock, emit);
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

  return { fill, loadAndStore, refreshInBackground };
}
