import type { Conflict, Timeout, Unavailable } from "../errors.js";
import type { ResultAsync } from "../result.js";

/**
 * A mutual-exclusion lease, as a port. A lock is held by at most one holder
 * at a time and expires by itself after its TTL, so a crashed holder cannot
 * block others forever. Only the holder's token can release or extend it.
 */
export interface LockHandle {
  readonly key: string;
  /** Unique to this acquisition. */
  readonly token: string;
}

export interface Lock {
  /** Takes `key` for `ttlMs`, or answers `Conflict` while someone else holds it. */
  acquire(key: string, ttlMs: number): ResultAsync<LockHandle, LockError>;
  /** Releases the lock if `handle` still holds it; `false` when it had expired or passed on. */
  release(handle: LockHandle): ResultAsync<boolean, Unavailable | Timeout>;
  /** Sets the TTL to `ttlMs` from now if `handle` still holds it; `false` otherwise. */
  extend(handle: LockHandle, ttlMs: number): ResultAsync<boolean, Unavailable | Timeout>;
}

export type LockError = Conflict | Unavailable | Timeout;
