/**
 * The shapes of a composition: what \`compose\` takes and what it returns.
 * Kept apart from compose.ts so the wiring modules can name them without
 * importing the composition root (no import cycle).
 */
import type { Clock, ContextStore, Logger, Worker } from "@hexkit/core";
import type { HttpApp } from "@hexkit/fastify";
import type { Resolve } from "../adapters/egress/egress-guard.js";
import type { DevSecret } from "../auth/dev-jwt-secret.js";
import type { TokenSettings } from "../auth/mint-token.js";
import type { Services } from "../services.js";

/** What `compose` needs from outside besides config; tests replace the clock or the resolver. */
export interface ComposeDeps {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Host-name resolution for the egress guard and the sender. Default: the system resolver. */
  readonly resolve?: Resolve;
  /**
   * The ambient request/job context. Pass the same store the logger was
   * created with, so every log line inside a request or a delivery carries
   * its correlation id, trace id and tenant. Default: a new store.
   */
  readonly context?: ContextStore;
}

/** The composed service. */
export interface Composition {
  /** The HTTP app; built, not listening. */
  readonly app: HttpApp;
  /** The delivery worker, already taking jobs. */
  readonly worker: Worker;
  readonly services: Services;
  /** How bearer tokens are minted for this instance (the CLI uses the same). */
  readonly token: TokenSettings;
  /** The development JWT secret, when no `auth.jwtSecret` is configured. */
  readonly devSecret: DevSecret | undefined;
  /**
   * Stops the HTTP server (draining in-flight requests up to its deadline),
   * then the worker (in-flight deliveries up to `delivery.stopDeadlineMs`;
   * the rest would run again), then the sender's connections. Idempotent.
   */
  close(): Promise<void>;
}
