import type { ResultAsync } from "@hexkit/core";
import type { Delivery } from "../domain/delivery.js";
import type { Message } from "../domain/message.js";
import type { MessageInsert } from "../adapters/message-repository.port.js";
import type { RepositoryError } from "../adapters/repository-error.js";

/**
 * Where an accepted message lands: the message, its deliveries, and the
 * hand-off of each delivery to the queue, as ONE atomic step. When `accept`
 * answers `Ok`, every delivery will reach a worker (at least once), whatever
 * crashes afterwards: that is what lets the API answer 202.
 *
 * Idempotent on (tenant, idempotency key) like `MessageRepository.insert`:
 * a message whose key was used before stores nothing and answers the earlier
 * message with `created: false` (its deliveries were handed off back then).
 */
export interface MessageIntake {
  accept(message: Message, deliveries: readonly Delivery[]): ResultAsync<MessageInsert, RepositoryError>;
  /**
   * `accept` for many messages as one unit (bulk ingest): all of them land,
   * or none. Answers one `MessageInsert` per item, in order.
   */
  acceptMany(items: readonly IntakeItem[]): ResultAsync<readonly MessageInsert[], RepositoryError>;
}

/** One message and the deliveries it fans out to. */
export interface IntakeItem {
  readonly message: Message;
  readonly deliveries: readonly Delivery[];
}
