/**
 * @hexkit/redis — Redis adapters on ioredis: Cache (with tags, prefix
 * invalidation and an optional pub/sub-coherent L1 tier), cache-aside across
 * processes, RateLimiter (atomic Lua), Lock and a FeatureFlags store. Every
 * failure is a value: `Unavailable` or `Timeout`, within the configured time.
 */
export * from "./to-port-error.js";
export * from "./client/client-options.js";
export * from "./client/create-redis-client.js";
export type { ChannelListener } from "./client/pubsub.js";
export * from "./cache/cache-metrics.js";
export * from "./cache/redis-cache.js";
export * from "./rate-limiter/redis-rate-limiter.js";
export * from "./lock/redis-lock.js";
export * from "./feature-flags/redis-feature-flags.js";
export * from "./cache/redis-cache-aside.js";
export type { WarmUpReport } from "./cache/warm-up.js";
