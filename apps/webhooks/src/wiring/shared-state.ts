import { type Cache, type CacheAside, type Clock, createCacheAside, type HealthCheck, type Logger, type Metrics, type RateLimiter } from "@hexkit/core";
import { createMemoryCache, createMemoryRateLimiter } from "@hexkit/memory";
import { createRedisCacheAside, createRedisClient, createRedisRateLimiter, type RedisClient } from "@hexkit/redis";
import type { WebhooksConfig } from "../config.js";

/** State every process of a deployment shares: the endpoint cache and the rate limits. */
export interface SharedState {
  readonly cache: Cache;
  readonly cacheAside: CacheAside;
  /** Per-endpoint delivery limits (policies come with each call). */
  readonly endpointLimiter: RateLimiter;
  /** The API's per-caller limit. */
  readonly apiLimiter: RateLimiter;
  /** The Redis client, when configured (others reuse its URL). */
  readonly redis: RedisClient | undefined;
  readonly healthChecks: readonly HealthCheck[];
  close(): Promise<void>;
}

const unwrapOrThrow = <T>(result: { isOk(): boolean; value?: T; error?: { message: string } }, what: string): T => {
  if (result.isOk()) return result.value as T;
  // Options are ours and validated by the config schema: a failure here is a composition bug.
  throw new TypeError(`${what}: ${result.error?.message ?? "invalid options"}`);
};

/**
 * Redis when `redis` is configured: the cache and both limiters are then
 * shared by every process. The endpoint limiter fails closed (a delivery
 * waits for Redis rather than exceed a receiver's limit); the API limiter
 * fails open on a per-process insurance limiter, so the API keeps serving
 * reads and writes that need only PostgreSQL while Redis is down. Without
 * `redis`: the in-process memory versions.
 */
export function createSharedState(config: WebhooksConfig, deps: { readonly clock: Clock; readonly logger: Logger; readonly metrics: Metrics | undefined }): SharedState {
  const apiPolicy = { points: Math.max(1, config.server.rateLimitPerMinute), durationMs: 60_000 };
  const redisConfig = config.redis;
  if (redisConfig === undefined) {
    const cache = createMemoryCache({ clock: deps.clock, maxEntries: 10_000 });
    return {
      cache,
      cacheAside: createCacheAside({ cache, clock: deps.clock }),
      endpointLimiter: createMemoryRateLimiter({ clock: deps.clock, policy: { points: 1, durationMs: 1_000 } }),
      apiLimiter: createMemoryRateLimiter({ clock: deps.clock, policy: apiPolicy }),
      redis: undefined,
      healthChecks: [],
      close: () => Promise.resolve(),
    };
  }
  const prefix = redisConfig.keyPrefix;
  const client = unwrapOrThrow(
    createRedisClient({ url: redisConfig.url, commandTimeoutMs: redisConfig.commandTimeoutMs }, { logger: deps.logger.child({ component: "redis" }) }),
    "redis client",
  );
  const metrics = deps.metrics === undefined ? {} : { metrics: deps.metrics };
  const aside = unwrapOrThrow(
    createRedisCacheAside(client, { keyPrefix: `${prefix}:cache:`, name: "endpoints" }, { clock: deps.clock, logger: deps.logger, ...metrics }),
    "redis cache-aside",
  );
  const limiter = (name: string, keyPrefix: string, failureMode: "open" | "closed", points: number, durationMs: number): RateLimiter =>
    unwrapOrThrow(createRedisRateLimiter(client, { keyPrefix, points, durationMs, failureMode }, { clock: deps.clock, logger: deps.logger, name, ...metrics }), `redis rate limiter ${name}`);
  return {
    cache: aside.cache,
    cacheAside: aside,
    endpointLimiter: limiter("endpoints", `${prefix}:rl:endpoint:`, "closed", 1, 1_000),
    apiLimiter: limiter("api", `${prefix}:rl:api:`, "open", apiPolicy.points, apiPolicy.durationMs),
    redis: client,
    healthChecks: [client.health],
    close: async () => {
      aside.close();
      await client.close();
    },
  };
}
