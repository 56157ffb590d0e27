import type { AddressInfo } from "node:net";
import {
  type Clock,
  type ContextStore,
  type HealthCheck,
  type Logger,
  type Metrics,
  type RateLimiter,
  type ResultAsync,
  type Tracer,
  type Unavailable,
  fromPromise,
  latencyBucketsMs,
  unavailable,
} from "@hexkit/core";
import Fastify, { type FastifyInstance } from "fastify";
import { AccessLoggers } from "./access-log.js";
import type { Authenticator } from "./auth/authenticator.port.js";
import { clientErrorHandler, frameworkErrorHandler, frameworkErrorsHandler, notFoundHandler, registerMethodNotAllowed } from "./framework.js";
import { registerHealth } from "./health.js";
import { InFlight } from "./in-flight.js";
import { LabelSets, registerObservability, timedRequestIds } from "./observe.js";
import { type OpenApiDocument, buildOpenApi } from "./openapi.js";
import { type HttpAppOptionsInput, parseHttpAppOptions } from "./options.js";
import { routeHandler } from "./pipeline/route-handler.js";
import { requestIdGenerator } from "./request-id.js";
import type { HttpRoute } from "./route.js";
import type { Runtime } from "./runtime.js";
import { registerSecurity } from "./security.js";
import { sendJson } from "./send.js";
import { closeGracefully, type ShutdownReport } from "./shutdown.js";
import { systemClock } from "./system-clock.js";

/** A tenth of the shortest deadline, between 5 and 100 ms: how late a 504 may be. */
function sweepPeriodMs(routes: readonly HttpRoute[], requestTimeoutMs: number): number {
  const shortest = Math.min(requestTimeoutMs, ...routes.map((r) => r.timeoutMs ?? requestTimeoutMs));
  return Math.min(100, Math.max(5, Math.floor(shortest / 10)));
}

/** Trust the nearest `hops` proxies (what Express and Fastify mean by a numeric trustProxy). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** The ports and routes an app is built from. Only `routes` and `logger` are required. */
export interface HttpAppDeps {
  readonly routes: readonly HttpRoute[];
  readonly logger: Logger;
  /** RED metrics per route; off without it. */
  readonly metrics?: Metrics;
  /** A server span per request; off without it. */
  readonly tracer?: Tracer;
  /** Ambient request context for logs and jobs; off without it. */
  readonly context?: ContextStore;
  /** Needed by every route whose auth is not `"none"` (they answer 500 without it). */
  readonly authenticator?: Authenticator;
  /** Rate limiting; off without it. */
  readonly rateLimiter?: RateLimiter;
  /** Checks run by `/readyz`. */
  readonly healthChecks?: readonly HealthCheck[];
  /** Deadlines and check durations; the system clock by default. */
  readonly clock?: Clock;
  readonly options?: HttpAppOptionsInput;
}

/** Where to listen. Loopback and an ephemeral port by default. */
export interface ListenOptions {
  readonly port?: number;
  readonly host?: string;
}

/** A bound server's address. */
export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
}

/** A built app. Building never listens: tests call `fastify.inject()`. */
export interface HttpApp {
  /** The Fastify instance, for `inject()` in tests and for adding plugins before `listen`. */
  readonly fastify: FastifyInstance;
  /** Starts listening; `Unavailable` when the address cannot be bound. Call at most once. */
  listen(options?: ListenOptions): ResultAsync<ListeningAddress, Unavailable>;
  /**
   * Graceful shutdown: stops accepting connections, answers new requests on
   * open connections with 503, lets in-flight requests finish until the
   * shutdown deadline, then aborts their signals and closes every connection.
   * Idempotent (later calls return the first call's report); never rejects.
   */
  close(): Promise<ShutdownReport>;
  /** The OpenAPI 3.1 document served at `openapi.path` (built on first use). */
  openapi(): OpenApiDocument;
}

/**
 * Builds the HTTP app: validates options (throws a `TypeError` naming every
 * bad option: a configuration error at composition time, not a runtime
 * failure; call `parseHttpAppOptions` first for a `Result`), mounts the
 * routes with the request pipeline, and wires each cross-cutting concern
 * that is on. Routes with the same method and path throw.
 */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const parsed = parseHttpAppOptions(deps.options);
  if (parsed.isErr()) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new TypeError(`${parsed.error.message}:\n  ${lines.join("\n  ")}`);
  }
  const settings = parsed.value;
  const seen = new Set<string>();
  for (const route of deps.routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new TypeError(`Duplicate route ${key}`);
    seen.add(key);
  }
  const clock = deps.clock ?? systemClock;
  const rt: Runtime = {
    settings,
    problems: settings.problems,
    logger: deps.logger,
    accessLoggers: settings.accessLog.enabled ? new AccessLoggers(deps.logger) : undefined,
    clock,
    requests:
      settings.metrics.enabled && deps.metrics !== undefined
        ? {
            total: deps.metrics.counter({
              name: "http_requests_total",
              help: "HTTP requests answered, by method, route template and status",
              labelNames: ["method", "route", "status"],
            }),
            duration: deps.metrics.histogram({
              name: "http_request_duration_ms",
              help: "Time to answer an HTTP request in ms, by method, route template and status",
              labelNames: ["method", "route", "status"],
              buckets: settings.metrics.buckets ?? latencyBucketsMs,
            }),
            labels: new LabelSets(),
          }
        : undefined,
    tracer: settings.tracing.enabled ? deps.tracer : undefined,
    context: settings.context.enabled ? deps.context : undefined,
    authenticator: deps.authenticator,
    rateLimiter: settings.rateLimit.enabled ? deps.rateLimiter : undefined,
    healthChecks: deps.healthChecks ?? [],
    inFlight: new InFlight(clock, sweepPeriodMs(deps.routes, settings.requestTimeoutMs)),
    closing: false,
  };

  const app = Fastify({
    logger: false,
    bodyLimit: settings.bodyLimitBytes,
    trustProxy: typeof settings.trustProxy === "number" ? trustHops(settings.trustProxy) : settings.trustProxy,
    genReqId: timedRequestIds(rt, requestIdGenerator(settings.requestId.header, settings.requestId.enabled)),
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler(rt),
    frameworkErrors: frameworkErrorsHandler(rt),
  });
  // Only JSON bodies: text/plain would reach a JSON schema as a string.
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler(frameworkErrorHandler(rt));
  app.setNotFoundHandler(notFoundHandler(rt));
  registerObservability(app);
  registerSecurity(app, rt);

  let document: OpenApiDocument | undefined;
  const openapi = (): OpenApiDocument =>
    (document ??= buildOpenApi(deps.routes, settings, {
      rateLimited: rt.rateLimiter !== undefined,
      securitySchemes: deps.authenticator?.securitySchemes ?? {},
    }));

  // Routes go in a plugin so that helmet's and CORS's hooks are in place first.
  void app.register((scope, _opts, done) => {
    for (const route of deps.routes) {
      scope.route({ method: route.method, url: route.path, handler: routeHandler(route, rt) });
    }
    registerMethodNotAllowed(scope, deps.routes, rt);
    if (settings.health.enabled) registerHealth(scope, rt);
    if (settings.openapi.enabled) {
      scope.get(settings.openapi.path, (_request, reply) => {
        sendJson(rt, reply, 200, JSON.stringify(openapi()));
      });
    }
    done();
  });

  let closing: Promise<ShutdownReport> | undefined;
  return {
    fastify: app,
    listen: ({ port = 0, host = "127.0.0.1" } = {}) =>
      fromPromise(app.listen({ port, host }), (cause) => unavailable("http-listener", cause, `Cannot listen on ${host}:${port}`)).map(() => {
        const address = app.server.address() as AddressInfo;
        const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
        return { host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` };
      }),
    close: () => (closing ??= closeGracefully(app, rt)),
    openapi,
  };
}
