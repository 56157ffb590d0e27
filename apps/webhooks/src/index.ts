/**
 * @hexkit/webhooks — a Standard Webhooks delivery service, the hexkit
 * reference app. Run it with `pnpm start`; embed or test it with `compose`.
 */
export { compose } from "./compose.js";
export type { ComposeDeps, Composition } from "./compose.js";
export { WebhooksConfig, configEnv, defaultConfig } from "./config.js";
export { createServices } from "./services.js";
export type { Services } from "./services.js";
export type { UseCaseDeps, Settings } from "./use-cases/deps.js";
export { signatureHeader, signOne, webhookHeaders } from "./domain/signature.js";
export type { SignInput } from "./domain/signature.js";
export { verifySignature } from "./domain/verify-signature.js";
export type { Verification } from "./domain/verify-signature.js";
export { formatSecret, secretKey } from "./domain/secret.js";
export { defaultRetrySchedule } from "./domain/retry-schedule.js";
export { decide } from "./domain/delivery-policy.js";
export type { AttemptOutcome, Decision, DeliveryPolicy } from "./domain/delivery-policy.js";
export type { Endpoint, EndpointView } from "./domain/endpoint.js";
export type { Message, MessageView } from "./domain/message.js";
export type { Attempt, Delivery, DeliveryStatus } from "./domain/delivery.js";
export type { Page, PageRequest } from "./domain/pagination.js";
export type { EndpointRepository } from "./adapters/endpoint-repository.port.js";
export type { MessageRepository, MessageFilter, MessageInsert } from "./adapters/message-repository.port.js";
export type { DeliveryRepository, FailedFilter, AttemptFilter } from "./adapters/delivery-repository.port.js";
export type { RepositoryError } from "./adapters/repository-error.js";
export type { BreakerStore } from "./adapters/breaker-store.port.js";
export type { EgressGuard, WebhookSender, OutboundRequest, SendResult } from "./adapters/egress.port.js";
export { mintToken } from "./auth/mint-token.js";
export type { TokenSettings, TokenRequest } from "./auth/mint-token.js";
