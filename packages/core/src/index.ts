/**
 * @hexkit/core — the pure core: Result helpers, the error vocabulary, the
 * ports every adapter implements, and pure policies over them. No I/O, no
 * `node:` imports, no timers of its own, no dependency but neverthrow.
 */
export * from "./result.js";
export * from "./errors.js";
export * from "./ports/clock.port.js";
export * from "./ports/id-generator.port.js";
export * from "./ports/logger.port.js";
export * from "./ports/metrics.port.js";
export * from "./ports/tracer.port.js";
export * from "./ports/cache.port.js";
export * from "./ports/job-queue.port.js";
export * from "./ports/rate-limiter.port.js";
export * from "./ports/feature-flags.port.js";
export * from "./ports/lock.port.js";
export * from "./ports/health.port.js";
export * from "./ports/context.port.js";
export * from "./policies/retry.js";
export * from "./policies/fixed-window.js";
export * from "./policies/flag-rollout.js";
export * from "./policies/cache-aside.js";
export * from "./policies/cache-aside-options.js";
export * from "./policies/circuit-breaker.js";
export * from "./policies/deadline.js";
