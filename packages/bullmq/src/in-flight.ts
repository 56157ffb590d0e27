import { internal } from "@hexkit/core";
import { type Job as BullJob, WaitingError } from "bullmq";
import { permanentFailure } from "./job-failure.js";
import type { Outcome } from "./run-job.js";

/**
 * One job a worker is running, settled by whichever comes first: its outcome,
 * or `abandon` (stop's deadline passed and the job was handed back to the
 * queue; BullMQ is then told `WaitingError`, which means "moved already,
 * leave it"). A class, not closures per job, because it is on the hot path.
 */
export class InFlightJob {
  private settled = false;

  constructor(
    readonly job: BullJob,
    readonly token: string | undefined,
    private readonly registry: InFlightJobs,
    private readonly resolve: () => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** Tells BullMQ how the attempt ended (return or throw); ignored after `abandon`. */
  settle(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    this.registry.finished(this, true);
    if (outcome.kind === "failed") this.reject(outcome.error);
    else this.resolve();
  }

  /** A port adapter threw while the job ran: a bug, so the job is dead-lettered. */
  crash(cause: unknown): void {
    this.settle({ kind: "failed", error: permanentFailure(internal(`Worker failed to run job ${this.job.id ?? ""}`, cause)) });
  }

  /** Gives up on the job (already moved back to wait by the caller); a later outcome is ignored. */
  abandon(): void {
    if (this.settled) return;
    this.settled = true;
    this.registry.finished(this, false);
    this.reject(new WaitingError());
  }
}

/** The jobs a worker is running, and how many finished after stop began. */
export class InFlightJobs {
  private readonly jobs = new Set<InFlightJob>();
  private stopping = false;
  /** Jobs that finished (either way) after `beginStop`. */
  drained = 0;

  /** Records a job that started. */
  add(job: InFlightJob): void {
    this.jobs.add(job);
  }

  /** Records a job that settled; `ran` is false when it was abandoned. */
  finished(job: InFlightJob, ran: boolean): void {
    this.jobs.delete(job);
    if (ran && this.stopping) this.drained += 1;
  }

  /** From now on, jobs that finish count as drained. */
  beginStop(): void {
    this.stopping = true;
  }

  /** The jobs still running, oldest first. */
  current(): InFlightJob[] {
    return [...this.jobs];
  }
}
