import { errAsync, okAsync, type ResultAsync, unavailable } from "@hexkit/core";
import type { RedisClient } from "@hexkit/redis";
import { admit, type Admission, type BreakerOptions, type BreakerState, closedBreaker, recordResult } from "../../domain/circuit-breaker.js";
import type { BreakerStore } from "../breaker-store.port.js";
import type { RepositoryError } from "../repository-error.js";

// Compare-and-set by value: write (or delete, for an empty ARGV[2]) only if the key still holds ARGV[1].
const casScript = `
local current = redis.call("GET", KEYS[1])
if (current or "") ~= ARGV[1] then return 0 end
if ARGV[2] == "" then redis.call("DEL", KEYS[1]) else redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3]) end
return 1`;

const isClosedAndClean = (state: BreakerState): boolean => state.status === "closed" && state.failures.length === 0;

/**
 * The per-endpoint circuit breakers in Redis, shared by every worker process:
 * N workers see one breaker per endpoint, so a failing receiver gets
 * `failureThreshold` failures per window in all, not per worker. The pure
 * rules of `domain/circuit-breaker.ts` run here; each change is an optimistic
 * read-then-compare-and-set (one Lua script), retried when another worker
 * changed the state in between, so no update is lost. A closed breaker with
 * no failures is deleted (Redis holds only breakers with a history); every
 * state expires after `ttlMs` without change. Redis down: `Unavailable`
 * (the delivery job is retried by the queue).
 */
export function createRedisBreakerStore(client: RedisClient, options: BreakerOptions, settings: { readonly keyPrefix: string; readonly ttlMs: number }): BreakerStore {
  const key = (endpointId: string): string => `${settings.keyPrefix}${endpointId}`;
  const read = (endpointId: string): ResultAsync<{ raw: string; state: BreakerState }, RepositoryError> =>
    client.run("breaker.get", (c) => c.get(key(endpointId)), (raw) => ({ raw: raw ?? "", state: raw === null ? closedBreaker : (JSON.parse(raw) as BreakerState) }));
  const swap = (endpointId: string, expected: string, next: BreakerState): ResultAsync<boolean, RepositoryError> => {
    const value = isClosedAndClean(next) ? "" : JSON.stringify(next);
    if (value === expected) return okAsync(true);
    return client.run("breaker.cas", (c) => c.eval(casScript, 1, key(endpointId), expected, value, String(settings.ttlMs)), (reply) => reply === 1);
  };
  const change = <T>(endpointId: string, step: (state: BreakerState) => { next: BreakerState; answer: T }, tries = 0): ResultAsync<T, RepositoryError> =>
    read(endpointId).andThen(({ raw, state }) => {
      const { next, answer } = step(state);
      return swap(endpointId, raw, next).andThen((written) => {
        if (written) return okAsync(answer);
        if (tries >= 20) return errAsync(unavailable("redis", undefined, `breaker of ${endpointId} keeps changing under concurrent updates`));
        return change(endpointId, step, tries + 1);
      });
    });
  return {
    admit: (endpointId, now) =>
      change<Admission>(endpointId, (state) => {
        const admission = admit(state, now, options);
        return { next: admission.state, answer: admission };
      }),
    record: (endpointId, succeeded, now) => change(endpointId, (state) => ({ next: recordResult(state, succeeded, now, options), answer: undefined })),
  };
}
