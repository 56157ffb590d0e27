import { type AppError, err, type JobQueue, ok, type Result, ResultAsync } from "@hexkit/core";
import type { DeliveryJobs } from "../adapters/delivery-jobs.js";
import { deliverJobKey } from "../adapters/delivery-jobs.js";
import type { DeliveryRepository } from "../adapters/delivery-repository.port.js";
import type { MessageInsert, MessageRepository } from "../adapters/message-repository.port.js";
import type { RepositoryError } from "../adapters/repository-error.js";
import type { Delivery } from "../domain/delivery.js";
import type { Message } from "../domain/message.js";
import type { IntakeItem, MessageIntake } from "./message-intake.port.js";

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
  // A plain async function awaiting each step's Result: each ingest request runs it, and neverthrow 8's `map`/`mapErr` each cost an awaiter frame.
  const accept = async (message: Message, deliveries: readonly Delivery[]): Promise<Result<MessageInsert, RepositoryError>> => {
    const inserted = await deps.messages.insert(message);
    if (inserted.isErr() || !inserted.value.created || deliveries.length === 0) return inserted;
    const stored = await deps.deliveries.insertMany(deliveries);
    if (stored.isErr()) return err(stored.error);
    const now = deps.now();
    const enqueued = await deps.queue.enqueueMany(
      deliveries.map((d) => {
        const job = { tenantId: d.tenantId, deliveryId: d.id, seq: d.seq };
        return { name: "deliver" as const, payload: job, options: { delayMs: Math.max(0, (d.nextAttemptAt ?? 0) - now), idempotencyKey: deliverJobKey(job), carrier: deps.carrier() } };
      }),
    );
    return enqueued.isErr() ? err(asRepositoryError(enqueued.error)) : inserted;
  };
  // One process, no I/O: items are taken one after the other; nothing can fail halfway but the queue, which never does in memory.
  const acceptMany = async (items: readonly IntakeItem[]): Promise<Result<readonly MessageInsert[], RepositoryError>> => {
    const done: MessageInsert[] = [];
    for (const item of items) {
      const inserted = await accept(item.message, item.deliveries);
      if (inserted.isErr()) return err(inserted.error);
      done.push(inserted.value);
    }
    return ok(done);
  };
  return {
    accept: (message, deliveries) => new ResultAsync(accept(message, deliveries)),
    acceptMany: (items) => new ResultAsync(acceptMany(items)),
  };
}

/** The queue's errors, as the intake port speaks them: a payload we built cannot be invalid, so only availability remains. */
function asRepositoryError(error: AppError): RepositoryError {
  if (error._tag === "Unavailable" || error._tag === "Timeout") return error;
  return { _tag: "Unavailable", message: error.message, dependency: "queue", cause: error };
}
