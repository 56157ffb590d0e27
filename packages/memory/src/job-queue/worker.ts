import { AsyncResource } from "node:async_hooks";
import { type Clock, type ContextStore, err, internal, type JobHandler, type Worker, type WorkerStopReport } from "@hexkit/core";
import { runHandler } from "./run-handler.js";
import { type StoredJob, toJobView } from "./stored-job.js";

/** What a worker needs from its queue. */
export interface WorkerHost {
  readonly clock: Clock;
  readonly context: ContextStore | undefined;
  /** Takes the next ready job and marks it active; `undefined` when none is ready. */
  take(): StoredJob | undefined;
  /** Records the outcome of try `run` of `job` (ignored if the job was abandoned meanwhile). */
  finish(job: StoredJob, run: number, attempt: number, outcome: Awaited<ReturnType<typeof runHandler>>): void;
  /** Puts an in-flight job back to ready without counting the try. */
  abandon(job: StoredJob, run: number): void;
  /** Forgets the worker once it stopped. */
  detach(worker: MemoryWorker): void;
}

/** A worker of the memory queue; `pump` is how the queue tells it that work is ready. */
export interface MemoryWorker extends Worker {
  pump(): void;
}

const defaultDeadlineMs = 10_000;

/**
 * Runs up to `concurrency` handlers at once. Every pump runs in the async
 * context the worker was created in (bound once), so a job's handler sees its
 * own carried context and never the context of whoever enqueued the job that
 * woke the worker up.
 */
export function createWorkerLoop(
  host: WorkerHost,
  handlers: Readonly<Record<string, JobHandler>>,
  concurrency: number,
): MemoryWorker {
  const inFlight = new Map<StoredJob, number>();
  let running = true;
  let stopping: Promise<WorkerStopReport> | undefined;
  let onIdle: (() => void) | undefined;

  const start = (job: StoredJob): void => {
    const run = job.run;
    const attempt = job.attempts + 1;
    inFlight.set(job, run);
    const handler = handlers[job.name];
    const pending =
      handler === undefined
        ? Promise.resolve(err(internal(`No handler for job ${job.name}`)))
        : runHandler(handler, toJobView(job, attempt), host.context);
    void pending.then((outcome) => {
      if (!inFlight.delete(job)) return; // abandoned at a stop deadline
      host.finish(job, run, attempt, outcome);
      if (inFlight.size === 0) onIdle?.();
      pump();
    });
  };

  const pump = AsyncResource.bind((): void => {
    while (running && inFlight.size < concurrency) {
      const job = host.take();
      if (job === undefined) return;
      start(job);
    }
  });

  const stop = (deadlineMs: number): Promise<WorkerStopReport> =>
    new Promise((resolve) => {
      running = false;
      host.detach(worker);
      const atStop = inFlight.size;
      if (atStop === 0) {
        resolve({ drained: 0, abandoned: 0 });
        return;
      }
      const cancel = host.clock.setTimer(deadlineMs, () => {
        onIdle = undefined;
        const abandoned = [...inFlight];
        inFlight.clear();
        for (const [job, run] of abandoned) host.abandon(job, run);
        resolve({ drained: atStop - abandoned.length, abandoned: abandoned.length });
      });
      onIdle = () => {
        cancel();
        resolve({ drained: atStop, abandoned: 0 });
      };
    });

  const worker: MemoryWorker = {
    pump,
    stop(options) {
      stopping ??= stop(options?.deadlineMs ?? defaultDeadlineMs);
      return stopping;
    },
  };
  return worker;
}
