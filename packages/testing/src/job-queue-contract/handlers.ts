/** Handlers the job-queue contract's groups share. Internal to the suite. */
import { fromSafePromise, type Job, type JobError, type JobHandler, okAsync, type ResultAsync } from "@hexkit/core";
import type { ContractJobs } from "./subject.js";

/** A `work` job as a handler receives it. */
export type WorkJob = Job<"work", ContractJobs["work"]>;

/** A handler that blocks until the test opens it. */
export interface Gate {
  readonly handler: (job: WorkJob) => ResultAsync<void, JobError>;
  readonly started: WorkJob[];
  open(): void;
}

/** A gate that records each job it starts and holds every one of them until `open()`. */
export function gate(): Gate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const started: WorkJob[] = [];
  return {
    handler: (job) => {
      started.push(job);
      return fromSafePromise(opened);
    },
    started,
    open: () => {
      open();
    },
  };
}

/** An `other` handler that succeeds at once, for tests that only enqueue `work`. */
export const done: JobHandler<ContractJobs["other"], "other"> = () => okAsync(undefined);
