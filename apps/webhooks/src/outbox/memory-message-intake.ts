import { type AppError, type JobQueue, okAsync, type ResultAsync } from "@hexkit/core";
import type { DeliveryJobs } from "../adapters/delivery-jobs.js";
import { deliverJobKey } from "../adapters/delivery-jobs.js";
import type { DeliveryRepository } from "../adapters/delivery-repository.port.js";
import type { MessageInsert, MessageRepository } from "../adapters/message-repository.port.js";
import type { RepositoryError } from "../adapters/repository-error.js";
import type { MessageIntake } from "./message-intake.port.js";

/**
 * The embedded intake: the message and its deliveries go into the memory
 * repositories, and each delivery's job straight onto the queue. In one
 * process with memory adapters nothing survives a crash anyway, so there is
 * no gap to close; the same port in PostgreSQL mode is a transaction with
 * outbox rows (`createPgMessageIntake`).
 */
export function createDirectMessageIntake(deps: {
  readonly messages: MessageRepository;
  readonly deliveries: DeliveryRepository;
  readonly queue: JobQueue<DeliveryJobs>;
  readonly now: () => number;
  readonly carrier: () => Record<string, string>;
}): MessageIntake {
  const intake: MessageIntake = {
    // One process, no I/O: items are taken one after the other; nothing can fail halfway but the queue, which never does in memory.
    acceptMany: (items) =>
      items.reduce<ResultAsync<MessageInsert[], RepositoryError>>(
        (acc, item) => acc.andThen((done) => intake.accept(item.message, item.deliveries).map((inserted) => [...done, inserted])),
        okAsync([]),
      ),
    accept: (message, deliveries) =>
      deps.messages.insert(message).andThen((inserted) => {
        if (!inserted.created || deliveries.length === 0) return okAsync(inserted);
        return deps.deliveries
          .insertMany(deliveries)
          .andThen(() =>
            deps.queue.enqueueMany(
              deliveries.map((d) => {
                const job = { tenantId: d.tenantId, deliveryId: d.id, seq: d.seq };
                return {
                  name: "deliver" as const,
                  payload: job,
                  options: { delayMs: Math.max(0, (d.nextAttemptAt ?? 0) - deps.now()), idempotencyKey: deliverJobKey(job), carrier: deps.carrier() },
                };
              }),
            ) as ResultAsync<unknown, AppError>,
          )
          .map(() => inserted)
          .mapErr(asRepositoryError);
      }),
  };
  return intake;
}

/** The queue's errors, as the intake port speaks them: a payload we built cannot be invalid, so only availability remains. */
function asRepositoryError(error: AppError): RepositoryError {
  if (error._tag === "Unavailable" || error._tag === "Timeout") return error;
  return { _tag: "Unavailable", message: error.message, dependency: "queue", cause: error };
}
