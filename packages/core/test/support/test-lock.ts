import { type Clock, type Lock, type LockError, type LockHandle, ResultAsync, conflict, errAsync, okAsync, unavailable } from "../../src/index.js";

/** An in-process Lock over a Clock, shared by several cache-aside instances to stand for processes. */
export class TestLock implements Lock {
  readonly held = new Map<string, { token: string; expiresAt: number }>();
  acquisitions = 0;
  failAcquire = false;
  failRelease = false;
  #tokens = 0;

  constructor(private readonly clock: Clock) {}

  acquire(key: string, ttlMs: number): ResultAsync<LockHandle, LockError> {
    if (this.failAcquire) return errAsync(unavailable("test-lock"));
    const current = this.held.get(key);
    if (current !== undefined && current.expiresAt > this.clock.now()) return errAsync(conflict(`${key} is held`));
    const token = `t${++this.#tokens}`;
    this.held.set(key, { token, expiresAt: this.clock.now() + ttlMs });
    this.acquisitions++;
    return okAsync({ key, token });
  }

  release(handle: LockHandle): ResultAsync<boolean, ReturnType<typeof unavailable>> {
    if (this.failRelease) return errAsync(unavailable("test-lock"));
    const current = this.held.get(handle.key);
    if (current?.token !== handle.token) return okAsync(false);
    this.held.delete(handle.key);
    return okAsync(true);
  }

  extend(handle: LockHandle, ttlMs: number): ResultAsync<boolean, ReturnType<typeof unavailable>> {
    const current = this.held.get(handle.key);
    if (current?.token !== handle.token) return okAsync(false);
    this.held.set(handle.key, { token: handle.token, expiresAt: this.clock.now() + ttlMs });
    return okAsync(true);
  }
}
