import { type Clock, conflict, type IdGenerator, type Lock, okAsync, errAsync } from "@hexkit/core";
import { createIdGenerator } from "./id-generator.js";

/** Options for `createMemoryLock`. */
export interface MemoryLockOptions {
  readonly clock: Clock;
  /** Makes tokens; default `createIdGenerator()`. */
  readonly idGenerator?: IdGenerator;
}

/** The in-memory lock: the Lock port plus the number of leases it holds. */
export interface MemoryLock extends Lock {
  /** Leases held, expired ones not yet removed included. */
  size(): number;
}

interface Lease {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Leases for one process. A lease excludes every other acquire of its key
 * until released or until its TTL (ms) passes; only its token releases or
 * extends it. Exact under concurrency (each call is one synchronous step).
 * Expired leases are dropped when their key is touched and swept on acquire,
 * so memory stays bounded by the live leases. Never fails but for `Conflict`.
 */
export function createMemoryLock(options: MemoryLockOptions): MemoryLock {
  const { clock } = options;
  const ids = options.idGenerator ?? createIdGenerator();
  const leases = new Map<string, Lease>();
  let nextSweepAt = clock.now();

  const live = (key: string, now: number): Lease | undefined => {
    const lease = leases.get(key);
    if (lease !== undefined && now >= lease.expiresAt) {
      leases.delete(key);
      return undefined;
    }
    return lease;
  };
  const sweep = (now: number): void => {
    if (now < nextSweepAt) return;
    nextSweepAt = now + 1_000;
    for (const [key, lease] of leases) if (now >= lease.expiresAt) leases.delete(key);
  };

  return {
    acquire(key, ttlMs) {
      const now = clock.now();
      sweep(now);
      if (live(key, now) !== undefined) return errAsync(conflict(`Lock ${key} is held`));
      const token = ids.next("lock");
      leases.set(key, { token, expiresAt: now + ttlMs });
      return okAsync({ key, token });
    },
    release(handle) {
      const lease = live(handle.key, clock.now());
      if (lease?.token !== handle.token) return okAsync(false);
      leases.delete(handle.key);
      return okAsync(true);
    },
    extend(handle, ttlMs) {
      const now = clock.now();
      const lease = live(handle.key, now);
      if (lease?.token !== handle.token) return okAsync(false);
      leases.set(handle.key, { token: lease.token, expiresAt: now + ttlMs });
      return okAsync(true);
    },
    size: () => leases.size,
  };
}
