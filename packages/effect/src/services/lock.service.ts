import type { Lock, LockError, LockHandle, Timeout, Unavailable } from "@hexkit/core";
import { Effect } from "effect";
import { fromResultAsync } from "../conversions/from-result.js";
import { PortService } from "../port-service.js";
import { serviceToPort } from "./service-to-port.js";

/** The `Lock` port as Effect methods, with its typed errors (`Conflict` while held by someone else). */
export interface LockServiceShape {
  /** Takes `key` for `ttlMs`, or fails with `Conflict` while someone else holds it. */
  acquire(key: string, ttlMs: number): Effect.Effect<LockHandle, LockError>;
  /** Releases the lock if `handle` still holds it; `false` when it had expired or passed on. */
  release(handle: LockHandle): Effect.Effect<boolean, Unavailable | Timeout>;
  /** Sets the TTL to `ttlMs` from now if `handle` still holds it; `false` otherwise. */
  extend(handle: LockHandle, ttlMs: number): Effect.Effect<boolean, Unavailable | Timeout>;
}

/** The service's methods over a `Lock` adapter; each run calls the adapter again. */
export function makeLockService(lock: Lock): LockServiceShape {
  return {
    acquire: (key, ttlMs) => fromResultAsync(() => lock.acquire(key, ttlMs)),
    release: (handle) => fromResultAsync(() => lock.release(handle)),
    extend: (handle, ttlMs) => fromResultAsync(() => lock.extend(handle, ttlMs)),
  };
}

/** A `Lock` port over the service; a defect is `Unavailable` naming `@hexkit/Lock`. */
export function lockFromService(service: LockServiceShape): Lock {
  const run = serviceToPort(LockService.key);
  return {
    acquire: (key, ttlMs) => run(service.acquire(key, ttlMs)),
    release: (handle) => run(service.release(handle)),
    extend: (handle, ttlMs) => run(service.extend(handle, ttlMs)),
  };
}

/** The `Lock` port as an Effect service (`@hexkit/Lock`). */
export class LockService extends PortService<LockService, Lock, LockServiceShape>()("@hexkit/Lock", makeLockService) {
  /** See `lockFromService`. */
  static readonly toPort: (service: LockServiceShape) => Lock = lockFromService;
}

/**
 * Runs `use` while holding the lock `key` (lease of `ttlMs`), and releases it
 * afterwards whatever happened: success, failure, defect or interruption.
 * Fails with `Conflict` (without running `use`) while someone else holds it.
 * A failed release is ignored: the lease expires by itself after `ttlMs`.
 * The lease is not extended: `use` must finish within `ttlMs`, or extend it.
 */
export function withLock<A, E, R>(
  key: string,
  ttlMs: number,
  use: (handle: LockHandle) => Effect.Effect<A, E, R>,
): Effect.Effect<A, E | LockError, R | LockService> {
  return LockService.use((lock) =>
    Effect.acquireUseRelease(lock.acquire(key, ttlMs), use, (handle) => Effect.ignore(lock.release(handle))),
  );
}
