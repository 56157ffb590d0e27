import type { Effect } from "effect";
import type { NotFound } from "@hexkit/core";
import type { Message } from "../domain.js";
import { MessageRepository } from "../services.js";

/** The tenant's message `id`; `NotFound` when it does not exist or belongs to another tenant. */
export const getMessage = (tenantId: string, id: string): Effect.Effect<Message, NotFound, MessageRepository> =>
  MessageRepository.use((messages) => messages.get(tenantId, id));
