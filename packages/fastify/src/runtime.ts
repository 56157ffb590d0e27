import type { Clock, ContextStore, Counter, HealthCheck, Histogram, Logger, RateLimiter, Tracer } from "@hexkit/core";
import type { AccessLoggers } from "./access-log.js";
import type { Authenticator } from "./auth/authenticator.port.js";
import type { InFlight } from "./in-flight.js";
import type { LabelSets } from "./label-sets.js";
import type { ProblemSettings } from "./errors/problem.js";
import type { HttpAppSettings } from "./options.js";

/**
 * What every part of one app shares: validated settings, the ports that are
 * switched on (an absent port means its concern is off), and the mutable
 * shutdown state. Internal; built once by `createHttpApp`.
 */
export interface Runtime {
  readonly settings: HttpAppSettings;
  readonly problems: ProblemSettings;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The access log's per-route loggers; undefined when the access log is off. */
  readonly accessLoggers?: AccessLoggers | undefined;
  readonly requests?: { readonly total: Counter; readonly duration: Histogram; readonly labels: LabelSets } | undefined;
  readonly tracer?: Tracer | undefined;
  readonly context?: ContextStore | undefined;
  readonly authenticator?: Authenticator | undefined;
  readonly rateLimiter?: RateLimiter | undefined;
  readonly healthChecks: readonly HealthCheck[];
  /** Handlers running now; aborted when the shutdown deadline passes. */
  readonly inFlight: InFlight;
  closing: boolean;
}
