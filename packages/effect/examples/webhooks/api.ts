import type { AppError, ErrorTag, Internal, NotFound, ResultAsync, ValidationError } from "@hexkit/core";
import { Effect, type ManagedRuntime } from "effect";
import { toResultAsync } from "@hexkit/effect";
import type { Endpoint, EndpointInput, Message, MessageInput } from "./domain.js";
import type { WebhooksServices } from "./compose.js";
import { getMessage } from "./use-cases/get-message.js";
import { registerEndpoint } from "./use-cases/register-endpoint.js";
import { type Accepted, sendMessage } from "./use-cases/send-message.js";

/** The use cases as `ResultAsync` functions, with their typed errors (plus `Internal` for defects). */
export interface WebhooksApi<ER> {
  registerEndpoint(tenantId: string, input: EndpointInput): ResultAsync<Endpoint, ValidationError | ER | Internal>;
  sendMessage(tenantId: string, input: MessageInput): ResultAsync<Accepted, Effect.Error<ReturnType<typeof sendMessage>> | ER | Internal>;
  getMessage(tenantId: string, id: string): ResultAsync<Message, NotFound | ER | Internal>;
}

/**
 * The use cases over a runtime, as `ResultAsync` functions: what a hexkit
 * HTTP adapter (e.g. @hexkit/fastify routes) calls. Typed errors come back as
 * the same objects; a defect is `Internal`.
 */
export function webhooksApi<ER>(runtime: ManagedRuntime.ManagedRuntime<WebhooksServices, ER>): WebhooksApi<ER> {
  return {
    registerEndpoint: (tenantId, input) => toResultAsync(registerEndpoint(tenantId, input), runtime),
    sendMessage: (tenantId, input) => toResultAsync(sendMessage(tenantId, input), runtime),
    getMessage: (tenantId, id) => toResultAsync(getMessage(tenantId, id), runtime),
  };
}

/** An HTTP answer, for the Effect-native route below. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

const statusOf = {
  ValidationError: 422,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  RateLimited: 429,
  Unavailable: 503,
  Timeout: 504,
  Internal: 500,
} as const satisfies Record<ErrorTag, number>;

const problem = (error: AppError): Reply => ({
  status: statusOf[error._tag],
  headers: { "content-type": "application/problem+json" },
  // Internal's message and cause stay in the log, never in the answer.
  body: { type: error._tag, title: error._tag === "Internal" ? "Internal error" : error.message },
});

/**
 * `POST /messages` written in Effect style: every typed error becomes a
 * problem reply; `RateLimited` also gets its `retry-after` header (seconds),
 * handled by tag first so it never reaches the generic mapping.
 */
export const postMessage = (tenantId: string, input: MessageInput): Effect.Effect<Reply, never, WebhooksServices> =>
  sendMessage(tenantId, input).pipe(
    Effect.map((accepted): Reply => ({ status: 202, headers: {}, body: { id: accepted.message.id, deliveries: accepted.deliveries } })),
    Effect.catchTag("RateLimited", (error) => {
      const reply = problem(error);
      return Effect.succeed({ ...reply, headers: { ...reply.headers, "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) } });
    }),
    Effect.catch((error) => Effect.succeed(problem(error))),
  );
