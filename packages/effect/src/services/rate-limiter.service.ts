import type { ConsumeOptions, RateLimitDecision, RateLimiter, RateLimiterError } from "@hexkit/core";
import type { Effect } from "effect";
import { fromResultAsync } from "../conversions/from-result.js";
import { PortService } from "../port-service.js";
import { serviceToPort } from "./service-to-port.js";

/** The `RateLimiter` port as Effect methods, with its typed errors (`Unavailable | Timeout`). */
export interface RateLimiterServiceShape {
  /** Takes `cost` points from `key`'s window, if it has them; a refusal is a decision (`allowed: false`), not an error. */
  consume(key: string, options?: ConsumeOptions): Effect.Effect<RateLimitDecision, RateLimiterError>;
  /** Forgets `key`'s window. */
  reset(key: string): Effect.Effect<void, RateLimiterError>;
}

/** The service's methods over a `RateLimiter` adapter; each run calls the adapter again. */
export function makeRateLimiterService(limiter: RateLimiter): RateLimiterServiceShape {
  return {
    consume: (key, options) => fromResultAsync(() => (options === undefined ? limiter.consume(key) : limiter.consume(key, options))),
    reset: (key) => fromResultAsync(() => limiter.reset(key)),
  };
}

/** A `RateLimiter` port over the service; a defect is `Unavailable` naming `@hexkit/RateLimiter`. */
export function rateLimiterFromService(service: RateLimiterServiceShape): RateLimiter {
  const run = serviceToPort(RateLimiterService.key);
  return {
    consume: (key, options) => run(options === undefined ? service.consume(key) : service.consume(key, options)),
    reset: (key) => run(service.reset(key)),
  };
}

/** The `RateLimiter` port as an Effect service (`@hexkit/RateLimiter`). */
export class RateLimiterService extends PortService<RateLimiterService, RateLimiter, RateLimiterServiceShape>()(
  "@hexkit/RateLimiter",
  makeRateLimiterService,
) {
  /** See `rateLimiterFromService`. */
  static readonly toPort: (service: RateLimiterServiceShape) => RateLimiter = rateLimiterFromService;
}
