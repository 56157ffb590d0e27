import { randomUUID } from "node:crypto";
import {
  conflict,
  err,
  errAsync,
  type Lock,
  type LockError,
  type LockHandle,
  ok,
  type Result,
  type ResultAsync,
  type Timeout,
  type Unavailable,
  type ValidationError,
} from "@hexkit/core";
import { z } from "zod";
import type { RedisClient } from "../client/create-redis-client.js";
import { validateOptions } from "../validate-options.js";
import { extendScript, releaseScript } from "./lock-scripts.js";

/** Options of `createRedisLock`. */
export const RedisLockOptions = z.object({
  /** Prepended to every lock key, e.g. `myapp:lock:`. */
  keyPrefix: z.string().default("hexkit:lock:"),
});

/** What callers may pass to `createRedisLock`. */
export type RedisLockOptionsInput = z.input<typeof RedisLockOptions>;

/** What the lock needs from outside. */
export interface RedisLockDeps {
  /** Makes the acquisition tokens; default `crypto.randomUUID`. */
  readonly token?: () => string;
}

function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

/**
 * A Lock on one Redis server: `SET key token NX PX ttl` to acquire, and Lua
 * compare-and-delete / compare-and-`PEXPIRE` so that only the token's holder
 * can release or extend. A lock expires by itself after its TTL (Redis time),
 * so a crashed holder blocks others for at most that long.
 *
 * Guarantees and limits: mutual exclusion holds while the holder finishes
 * within its TTL (extend it for long work) and the server does not lose the
 * key (a failover to a replica that missed the write, or a restart without
 * persistence, can let a second holder in; this is not Redlock). A `Timeout`
 * on acquire means the lock may or may not be held: it expires by itself.
 */
export function createRedisLock(
  client: RedisClient,
  options: RedisLockOptionsInput = {},
  deps: RedisLockDeps = {},
): Result<Lock, ValidationError> {
  const config = validateOptions(RedisLockOptions, options, "redisLock");
  if (config.isErr()) return err(config.error);
  const { keyPrefix } = config.value;
  const token = deps.token ?? randomUUID;

  const lock: Lock = {
    acquire: (key, ttlMs): ResultAsync<LockHandle, LockError> => {
      const handle: LockHandle = { key, token: token() };
      return client
        .run("lock.acquire", (c) => c.set(keyPrefix + key, handle.token, "PX", ttl(ttlMs), "NX"))
        .andThen((reply) => (reply === "OK" ? ok(handle) : errAsync(conflict(`lock ${key} is held`))));
    },
    release: (handle): ResultAsync<boolean, Unavailable | Timeout> =>
      client.run("lock.release", (c) => releaseScript.run(c, [keyPrefix + handle.key], [handle.token])).map((n) => n === 1),
    extend: (handle, ttlMs): ResultAsync<boolean, Unavailable | Timeout> =>
      client
        .run("lock.extend", (c) => extendScript.run(c, [keyPrefix + handle.key], [handle.token, ttl(ttlMs)]))
        .map((n) => n === 1),
  };
  return ok(lock);
}
