/**
 * @hexkit/memory — in-memory adapters for every hexkit port: the production
 * default of a single process, and the test doubles unit tests run against.
 */
export * from "./system-clock.js";
export * from "./id-generator.js";
export * from "./cache.js";
export * from "./rate-limiter.js";
export * from "./lock.js";
export * from "./feature-flags.js";
export * from "./async-context-store.js";
export * from "./observability/log-value.js";
export * from "./observability/recording-logger.js";
export * from "./observability/recording-metrics.js";
export * from "./observability/recording-tracer.js";
export * from "./job-queue/memory-job-queue.js";
