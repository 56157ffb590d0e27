import type { NotFound, ResultAsync } from "@hexkit/core";
import type { Message } from "../domain/message.js";
import type { Page, PageRequest } from "../domain/pagination.js";
import type { RepositoryError } from "./repository-error.js";

/** Filters for listing messages; times are epoch ms, `since` inclusive and `until` exclusive. */
export interface MessageFilter {
  readonly eventType?: string;
  readonly since?: number;
  readonly until?: number;
}

/** What `insert` did: stored `message`, or found an earlier one with the same idempotency key. */
export interface MessageInsert {
  readonly message: Message;
  readonly created: boolean;
}

/**
 * The durable record of messages, scoped by tenant. `insert` is atomic on
 * (tenant, idempotency key): of two concurrent inserts with one key, exactly
 * one creates and the other answers the winner with `created: false`.
 */
export interface MessageRepository {
  insert(message: Message): ResultAsync<MessageInsert, RepositoryError>;
  get(tenantId: string, id: string): ResultAsync<Message, NotFound | RepositoryError>;
  /** Newest first. */
  list(tenantId: string, filter: MessageFilter, page: PageRequest): ResultAsync<Page<Message>, RepositoryError>;
}
