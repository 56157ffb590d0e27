/**
 * @hexkit/testing — the contract suites every adapter of a hexkit port must
 * pass, and a fake clock. A new adapter is done when it passes its port's suite.
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
export * from "./matchers.js";
