import type { Job, JobError, JobHandlers, JobMap, Worker, WorkerStopOptions, WorkerStopReport } from "@hexkit/core";
import { Effect, Layer, type Scope } from "effect";
import { toResultAsync } from "../conversions/to-result-async.js";

/** A job handler written as an Effect. Must be idempotent: delivery is at-least-once. */
export type EffectJobHandler<P, N extends string, R> = (job: Job<N, P>) => Effect.Effect<void, JobError, R>;

/** One Effect handler for every job name in the map, all needing at most services `R`. */
export type EffectJobHandlers<Jobs extends JobMap, R> = {
  readonly [N in keyof Jobs & string]: EffectJobHandler<Jobs[N], N, R>;
};

/**
 * Turns Effect handlers into the port's `JobHandlers`, run with the services
 * of the context this Effect runs in. A handler's typed error reaches the
 * queue as is (so transient errors retry and others dead-letter, per the
 * port); a defect becomes `Internal`, which dead-letters the job.
 */
export function toJobHandlers<Jobs extends JobMap, R>(handlers: EffectJobHandlers<Jobs, R>): Effect.Effect<JobHandlers<Jobs>, never, R> {
  return Effect.map(Effect.context<R>(), (context) => {
    const entries = Object.entries(handlers as unknown as Record<string, EffectJobHandler<unknown, string, R>>).map(
      ([name, handler]) => [name, (job: Job) => toResultAsync(handler(job), context)] as const,
    );
    return Object.fromEntries(entries) as unknown as JobHandlers<Jobs>;
  });
}

/**
 * Starts a worker with Effect handlers in the current scope, and stops it
 * (draining in-flight jobs up to `stop.deadlineMs`) when the scope closes.
 * `start` is the adapter's worker factory, e.g.
 * `(handlers) => queue.createWorker(handlers, { concurrency: 4 })` or
 * `(handlers) => createBullmqWorker(queue, handlers, options)`.
 */
export function runWorker<Jobs extends JobMap, R>(
  start: (handlers: JobHandlers<Jobs>) => Worker,
  handlers: EffectJobHandlers<Jobs, R>,
  stop: WorkerStopOptions = {},
): Effect.Effect<Worker, never, R | Scope.Scope> {
  return Effect.acquireRelease(
    Effect.map(toJobHandlers(handlers), (ported) => start(ported)),
    (worker) => Effect.promise((): Promise<WorkerStopReport> => worker.stop(stop)),
  );
}

/** A layer that runs a worker for as long as the layer lives (see `runWorker`). Provides nothing. */
export function layerWorker<Jobs extends JobMap, R>(
  start: (handlers: JobHandlers<Jobs>) => Worker,
  handlers: EffectJobHandlers<Jobs, R>,
  stop: WorkerStopOptions = {},
): Layer.Layer<never, never, R> {
  return Layer.effectDiscard(runWorker(start, handlers, stop));
}
