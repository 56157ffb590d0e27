import type { Attempt, Delivery, DeliveryStatus } from "../../domain/delivery.js";
import type { DisabledReason, Endpoint, PreviousSecret } from "../../domain/endpoint.js";
import type { Message } from "../../domain/message.js";

/*
 * Rows as `pg` returns them and their domain values. bigint columns (epoch
 * ms) arrive as strings, since they may exceed 2^53 in general; ours never do.
 */

const num = (value: string | number): number => (typeof value === "number" ? value : Number(value));
const numOrNull = (value: string | number | null): number | null => (value === null ? null : num(value));

/** An `endpoints` row. */
export interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string;
  event_types: string[] | null;
  secret: string;
  previous_secrets: PreviousSecret[];
  disabled: boolean;
  disabled_reason: string | null;
  rate_limit_per_second: number | null;
  metadata: Record<string, string>;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export const endpointColumns =
  "id, tenant_id, url, description, event_types, secret, previous_secrets, disabled, disabled_reason, rate_limit_per_second, metadata, failing_since, created_at, updated_at";

/** The row's endpoint. */
export function endpointOf(row: EndpointRow): Endpoint {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    secret: row.secret,
    previousSecrets: row.previous_secrets,
    disabled: row.disabled,
    disabledReason: row.disabled_reason as DisabledReason | null,
    rateLimitPerSecond: row.rate_limit_per_second,
    metadata: row.metadata,
    failingSince: numOrNull(row.failing_since),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** The endpoint's values in `endpointColumns` order. */
export function endpointValues(e: Endpoint): unknown[] {
  return [
    e.id,
    e.tenantId,
    e.url,
    e.description,
    e.eventTypes,
    e.secret,
    JSON.stringify(e.previousSecrets),
    e.disabled,
    e.disabledReason,
    e.rateLimitPerSecond,
    JSON.stringify(e.metadata),
    e.failingSince,
    e.createdAt,
    e.updatedAt,
  ];
}

/** A `messages` row. */
export interface MessageRow {
  id: string;
  tenant_id: string;
  event_type: string;
  body: string;
  idempotency_key: string | null;
  created_at: string;
}

export const messageColumns = "id, tenant_id, event_type, body, idempotency_key, created_at";

/** The row's message. */
export function messageOf(row: MessageRow): Message {
  return { id: row.id, tenantId: row.tenant_id, eventType: row.event_type, body: row.body, idempotencyKey: row.idempotency_key, createdAt: num(row.created_at) };
}

/** A `deliveries` row. */
export interface DeliveryRow {
  id: string;
  tenant_id: string;
  message_id: string;
  endpoint_id: string;
  event_type: string;
  status: string;
  attempts: number;
  round_attempts: number;
  seq: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

export const deliveryColumns =
  "id, tenant_id, message_id, endpoint_id, event_type, status, attempts, round_attempts, seq, next_attempt_at, last_attempt_at, failure_reason, created_at, updated_at";

/** The row's delivery. */
export function deliveryOf(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    roundAttempts: row.round_attempts,
    seq: row.seq,
    nextAttemptAt: numOrNull(row.next_attempt_at),
    lastAttemptAt: numOrNull(row.last_attempt_at),
    failureReason: row.failure_reason,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** The delivery's values in `deliveryColumns` order. */
export function deliveryValues(d: Delivery): unknown[] {
  return [
    d.id,
    d.tenantId,
    d.messageId,
    d.endpointId,
    d.eventType,
    d.status,
    d.attempts,
    d.roundAttempts,
    d.seq,
    d.nextAttemptAt,
    d.lastAttemptAt,
    d.failureReason,
    d.createdAt,
    d.updatedAt,
  ];
}

/** An `attempts` row. */
export interface AttemptRow {
  id: string;
  tenant_id: string;
  delivery_id: string;
  message_id: string;
  endpoint_id: string;
  url: string;
  at: string;
  duration_ms: number;
  succeeded: boolean;
  status_code: number | null;
  error: string | null;
  response_snippet: string | null;
}

export const attemptColumns = "id, tenant_id, delivery_id, message_id, endpoint_id, url, at, duration_ms, succeeded, status_code, error, response_snippet";

/** The row's attempt. */
export function attemptOf(row: AttemptRow): Attempt {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    deliveryId: row.delivery_id,
    messageId: row.message_id,
    endpointId: row.endpoint_id,
    url: row.url,
    at: num(row.at),
    durationMs: row.duration_ms,
    succeeded: row.succeeded,
    statusCode: row.status_code,
    error: row.error,
    responseSnippet: row.response_snippet,
  };
}

/** `$1, $2, …` for `count` values starting at `from`. */
export function placeholders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");
}
