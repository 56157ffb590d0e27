import { type ContextStore, type Logger, type ResultAsync, type Tracer, type Unavailable, fromPromise, okAsync, unavailable } from "@hexkit/core";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  type Sampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { OtelTracerConfig } from "./options.js";
import { pooledIdGenerator } from "./pooled-ids.js";
import { ratioSampled } from "./ratio-sampling.js";
import { portTracer } from "./port-tracer.js";
import { spanLimitsFromEnv } from "./span-limits.js";
import { type RootSampling, fanOut, spanStarter } from "./span-starter.js";
import { storeContextManager } from "./store-context-manager.js";

/** The Tracer port on OpenTelemetry, plus the lifecycle a composition root needs. */
export interface OtelTracer extends Tracer {
  /** Exports every finished span now. Fails with `Unavailable("otel-exporter")` when the exporter does. */
  forceFlush(): ResultAsync<void, Unavailable>;
  /**
   * Flushes finished spans, then stops exporting and releases globals this
   * tracer installed. Idempotent: later calls return the first call's result.
   * Spans started after shutdown are not exported.
   */
  shutdown(): ResultAsync<void, Unavailable>;
}

/** What the tracer may use besides its options. */
export interface OtelTracerDeps {
  /** Told about failed exports and about globals that could not be installed. */
  readonly logger?: Logger;
  /**
   * The app's ContextStore. When given (and `registerGlobal` is off), the
   * active span lives in it (`traceparent`, `tracestate`, `traceId`) instead
   * of in an AsyncLocalStorage of the tracer's own: one AsyncLocalStorage
   * fewer on every promise, and log lines inside a span carry its trace id.
   */
  readonly context?: ContextStore;
}

const scope = "@hexkit/otel";
const environmentAttribute = "deployment.environment.name";

/** The sampler of new traces; the ratio sampler's per-span arithmetic is skipped at 0 and 1. */
function rootSampler(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

/** The same decision for the port's own spans: none to make at 0 and 1, else from the new trace id's word. */
function rootSampling(ratio: number): RootSampling {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return ratioSampled(ratio);
}

/** Builds provider, context manager and propagator from validated options and span processors. */
export function assemble(config: OtelTracerConfig, spanProcessors: SpanProcessor[], deps: OtelTracerDeps): OtelTracer {
  const resource = defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.serviceName,
      ...(config.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: config.serviceVersion }),
      ...(config.environment === undefined ? {} : { [environmentAttribute]: config.environment }),
    }),
  );
  // The SDK's provider serves OpenTelemetry's global API (registerGlobal) and
  // flushes and shuts the processors down; the port's own spans skip its
  // tracer (see spanStarter) but go to the same processors.
  const provider = new BasicTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: rootSampler(config.samplingRatio) }),
    idGenerator: pooledIdGenerator(),
    spanProcessors,
  });
  const sink = { resource, instrumentationScope: { name: scope }, limits: spanLimitsFromEnv(), processor: fanOut(spanProcessors) };
  const contextManager =
    deps.context !== undefined && !config.registerGlobal ? storeContextManager(deps.context) : new AsyncLocalStorageContextManager().enable();
  const propagator = new W3CTraceContextPropagator();

  let installedGlobals = false;
  if (config.registerGlobal) {
    const installed = [
      trace.setGlobalTracerProvider(provider),
      context.setGlobalContextManager(contextManager),
      propagation.setGlobalPropagator(propagator),
    ];
    installedGlobals = installed.every(Boolean);
    if (!installedGlobals) {
      deps.logger?.warn("OpenTelemetry globals were already installed; instrumentation libraries will not see this tracer's spans");
    }
  }

  let stopped: ResultAsync<void, Unavailable> | undefined;
  const flushFailed = (cause: unknown): Unavailable => unavailable("otel-exporter", cause, "Exporting spans failed");

  return {
    ...portTracer({ start: spanStarter(sink, rootSampling(config.samplingRatio)), contextManager, propagator }),
    forceFlush: () => (stopped === undefined ? fromPromise(provider.forceFlush(), flushFailed) : okAsync(undefined)),
    shutdown: () => {
      stopped ??= fromPromise(provider.shutdown(), flushFailed).andTee(() => {
        if (installedGlobals) {
          trace.disable();
          context.disable();
          propagation.disable();
        }
        contextManager.disable();
      });
      return stopped;
    },
  };
}
