import { type AppError, type Clock, err, type JobQueue, type Logger, ok, type Result, type ResultAsync } from "@hexkit/core";
import { deliverJobKey, type DeliveryJobs } from "../adapters/delivery-jobs.js";
import { claimOutbox, deleteOutbox, sweepOverdue } from "../adapters/postgres/pg-outbox.js";
import type { PgDatabase } from "../adapters/postgres/pg-database.js";

/** How the relay runs. Times in ms. */
export interface RelaySettings {
  /** Rows claimed per transaction. */
  readonly batchSize: number;
  /** Wait between polls while the outbox is empty. */
  readonly pollIntervalMs: number;
  /** A pending delivery overdue by this much with no outbox row is rescheduled (its job was lost). */
  readonly overdueAfterMs: number;
  /** How often the overdue sweep runs; 0 turns it off. */
  readonly sweepIntervalMs: number;
}

/** Counters a relay reports to metrics. */
export interface RelayObserver {
  relayed(count: number): void;
  swept(count: number): void;
  failed(error: AppError): void;
}

/** The relay: moves outbox rows to the queue. */
export interface OutboxRelay {
  /** Relays one batch; answers how many rows went to the queue. */
  relayOnce(): ResultAsync<number, AppError>;
  /** Reschedules overdue deliveries whose job was lost; answers how many. */
  sweepOnce(): ResultAsync<number, AppError>;
  /** Starts polling in the background. Idempotent. */
  start(): void;
  /** Stops polling and waits for the batch in flight. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/**
 * The outbox relay. Each batch is one transaction: claim rows (`for update
 * skip locked`), put their jobs on the queue with `enqueueMany` (idempotency
 * key `deliver:<delivery>:<seq>`), delete the rows, commit. A crash or an
 * error between the enqueue and the commit leaves the rows to be relayed
 * again; the queue deduplicates by key (and the worker ignores a job whose
 * `seq` is stale), so a delivery is never lost and at worst attempted twice.
 * Any number of relays (one per worker process) may run at once.
 */
export function createOutboxRelay(
  db: PgDatabase,
  queue: Pick<JobQueue<DeliveryJobs>, "enqueueMany">,
  settings: RelaySettings,
  deps: { readonly clock: Pick<Clock, "now">; readonly logger: Logger; readonly observer?: RelayObserver },
): OutboxRelay {
  const relayOnce = (): ResultAsync<number, AppError> =>
    db.decide("outbox.relay", async (tx): Promise<Result<number, AppError>> => {
      const rows = await claimOutbox(tx, settings.batchSize);
      if (rows.length === 0) return ok(0);
      const now = deps.clock.now();
      const queued = await queue.enqueueMany(
        rows.map((row) => {
          const payload = { tenantId: row.tenantId, deliveryId: row.deliveryId, seq: row.seq };
          return { name: "deliver" as const, payload, options: { delayMs: Math.max(0, row.dueAt - now), idempotencyKey: deliverJobKey(payload), carrier: row.carrier } };
        }),
      );
      if (queued.isErr()) return err(queued.error);
      await deleteOutbox(
        tx,
        rows.map((r) => r.id),
      );
      return ok(rows.length);
    });

  const sweepOnce = (): ResultAsync<number, AppError> => sweepOverdue(db, deps.clock.now(), settings.overdueAfterMs, 1_000);

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let failures = 0;
  let lastSweep = 0;
  let lastErrorLog = 0;

  const report = (error: AppError): void => {
    deps.observer?.failed(error);
    const now = Date.now();
    // One line per 5 s while a dependency is down, not one per poll.
    if (now - lastErrorLog >= 5_000) {
      lastErrorLog = now;
      deps.logger.warn("outbox relay cannot relay; rows stay in the outbox and are retried", { err: error });
    }
  };

  const tick = async (): Promise<void> => {
    let delay = settings.pollIntervalMs;
    const relayed = await relayOnce();
    if (relayed.isOk()) {
      failures = 0;
      if (relayed.value > 0) deps.observer?.relayed(relayed.value);
      // A full batch means more are waiting: go again at once.
      if (relayed.value === settings.batchSize) delay = 0;
    } else {
      failures += 1;
      report(relayed.error);
      delay = Math.min(5_000, settings.pollIntervalMs * 2 ** Math.min(failures, 6));
    }
    const now = Date.now();
    if (settings.sweepIntervalMs > 0 && now - lastSweep >= settings.sweepIntervalMs && relayed.isOk()) {
      lastSweep = now;
      const swept = await sweepOnce();
      if (swept.isOk() && swept.value > 0) {
        deps.observer?.swept(swept.value);
        deps.logger.warn("rescheduled overdue deliveries whose job was lost", { count: swept.value });
      } else if (swept.isErr()) report(swept.error);
    }
    schedule(delay);
  };

  const schedule = (delay: number): void => {
    if (!running) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = tick();
    }, delay);
  };

  return {
    relayOnce,
    sweepOnce,
    start() {
      if (running) return;
      running = true;
      // The first sweep waits a full interval: right after a restart, queued jobs may just be catching up.
      lastSweep = Date.now();
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight.catch(() => undefined);
    },
  };
}
