/**
 * @hexkit/testing — the contract suites every adapter of a hexkit port must
 * pass, and a fake clock. A new adapter is done when it passes its port's suite.
 * Also the real-time tooling integration tests share: `waitUntil`, `freePort`,
 * `startRedisServer` (a throwaway redis-server of a test's own) and
 * `deleteKeysByPrefix`.
 */
export * from "./harness.js";
export * from "./fake-clock.js";
export * from "./cache.contract.js";
export * from "./rate-limiter.contract.js";
export * from "./lock.contract.js";
export * from "./feature-flags.contract.js";
export * from "./job-queue.contract.js";
export * from "./logger.contract.js";
export * from "./metrics.contract.js";
export * from "./tracer.contract.js";
export * from "./tracer-in-store.contract.js";
export * from "./matchers.js";
export * from "./wait-until.js";
export * from "./redis-server.js";
export * from "./delete-keys.js";
