import { type AppError, err, fromSafePromise, ok, type Result, type ResultAsync, unavailable } from "@hexkit/core";
import { z } from "zod";
import { newDelivery } from "../domain/delivery.js";
import type { Endpoint } from "../domain/endpoint.js";
import { eventTypePattern, type Message } from "../domain/message.js";
import type { IntakeItem } from "../outbox/message-intake.port.js";
import type { UseCaseDeps } from "../use-cases/deps.js";
import { inBatches, ndjsonLines } from "./ndjson-lines.js";

/** One NDJSON line of a bulk request: the same fields as `POST /v1/messages`, plus an optional idempotency key. */
const BulkLine = z
  .object({
    eventType: z.string().regex(eventTypePattern, "An event type: letters, digits, _ . -, at most 128 characters"),
    payload: z.unknown().refine((p) => p !== undefined, "required"),
    idempotencyKey: z.string().min(1).max(256).optional(),
  })
  .strict();

/** A refused line and why. */
export interface LineError {
  readonly line: number;
  readonly message: string;
}

/** What a bulk ingest did. `errors` is capped (see `errorsTruncated`); the counts are complete. */
export interface BulkReport {
  /** Lines stored as new messages (and fanned out). */
  readonly accepted: number;
  /** Lines whose idempotency key was used before with the same content: nothing new was stored. */
  readonly duplicates: number;
  /** Lines refused (bad JSON, failed validation, too large, key reused with other content). */
  readonly rejected: number;
  /** Deliveries created for the accepted lines. */
  readonly deliveries: number;
  readonly errors: readonly LineError[];
  readonly errorsTruncated: boolean;
}

/** Limits of one bulk ingest. */
export interface BulkSettings {
  /** Lines stored per transaction. */
  readonly batchSize: number;
  /** Line errors listed in the report at most (the rest are counted). */
  readonly maxErrors: number;
}

/**
 * Ingests an NDJSON stream of messages: lines are read lazily (an async
 * generator pipeline: bytes → lines → batches), so a large request is never
 * held whole; each batch is validated line by line, fanned out, and stored
 * through `MessageIntake.acceptMany` in one transaction before the next batch
 * is read. A bad line is reported with its line number and the good lines
 * around it go through. Memory is bounded by one batch and `maxErrors`.
 *
 * If the store fails, the batches before the failing one stay accepted and
 * the error says from which line to resend (idempotency keys make resending
 * safe). An aborted `signal` (client gone, deadline) stops after the current
 * batch.
 */
export const makeBulkIngest =
  (deps: Pick<UseCaseDeps, "intake" | "endpoints" | "clock" | "ids" | "settings">) =>
  (
    input: { readonly tenantId: string; readonly body: AsyncIterable<Buffer | string>; readonly signal?: AbortSignal },
    settings: BulkSettings,
  ): ResultAsync<BulkReport, AppError> =>
    fromSafePromise(run(deps, input, settings)).andThen((r) => r);

async function run(
  deps: Pick<UseCaseDeps, "intake" | "endpoints" | "clock" | "ids" | "settings">,
  input: { readonly tenantId: string; readonly body: AsyncIterable<Buffer | string>; readonly signal?: AbortSignal },
  settings: BulkSettings,
): Promise<Result<BulkReport, AppError>> {
  const maxPayload = deps.settings.maxPayloadBytes;
  const errors: LineError[] = [];
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  let deliveryCount = 0;
  let errorsTruncated = false;
  const refuse = (line: number, message: string): void => {
    rejected += 1;
    if (errors.length < settings.maxErrors) errors.push({ line, message });
    else errorsTruncated = true;
  };

  // A line holds its payload plus the envelope; anything much longer cannot be a valid message.
  const lines = ndjsonLines(input.body, maxPayload + 1_024);
  for await (const batch of inBatches(lines, settings.batchSize)) {
    const now = deps.clock.now();
    const parsed: { line: number; message: Message }[] = [];
    for (const entry of batch) {
      if ("error" in entry) {
        refuse(entry.line, entry.error);
        continue;
      }
      const checked = parseLine(entry.text, maxPayload);
      if (typeof checked === "string") {
        refuse(entry.line, checked);
        continue;
      }
      parsed.push({
        line: entry.line,
        message: { id: deps.ids.next("msg"), tenantId: input.tenantId, eventType: checked.eventType, body: checked.body, idempotencyKey: checked.idempotencyKey, createdAt: now },
      });
    }
    if (parsed.length === 0) continue;

    const subscribed = new Map<string, readonly Endpoint[]>();
    for (const eventType of new Set(parsed.map((p) => p.message.eventType))) {
      const found = await deps.endpoints.listSubscribed(input.tenantId, eventType);
      if (found.isErr()) return err(stoppedAt(parsed[0]?.line ?? 0, found.error));
      subscribed.set(eventType, found.value);
    }
    const items: IntakeItem[] = parsed.map(({ message }) => ({
      message,
      deliveries: (subscribed.get(message.eventType) ?? []).map((endpoint) =>
        newDelivery({ id: deps.ids.next("dlv"), tenantId: input.tenantId, messageId: message.id, endpointId: endpoint.id, eventType: message.eventType, now }),
      ),
    }));
    const stored = await deps.intake.acceptMany(items);
    if (stored.isErr()) return err(stoppedAt(parsed[0]?.line ?? 0, stored.error));
    stored.value.forEach((outcome, index) => {
      const item = items[index];
      const line = parsed[index]?.line ?? 0;
      if (!item) return;
      if (outcome.created) {
        accepted += 1;
        deliveryCount += item.deliveries.length;
      } else if (outcome.message.eventType === item.message.eventType && outcome.message.body === item.message.body) duplicates += 1;
      else refuse(line, "This idempotencyKey was used with a different event type or payload");
    });
    if (input.signal?.aborted === true) break;
  }
  return ok({ accepted, duplicates, rejected, deliveries: deliveryCount, errors, errorsTruncated });
}

/** A line's message fields with the body serialised, or why it is refused. */
function parseLine(text: string, maxPayloadBytes: number): { eventType: string; body: string; idempotencyKey: string | null } | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "Not valid JSON";
  }
  const checked = BulkLine.safeParse(json);
  if (!checked.success) return checked.error.issues.map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`).join("; ");
  const body = JSON.stringify(checked.data.payload);
  if (Buffer.byteLength(body) > maxPayloadBytes) return `payload: larger than the limit of ${maxPayloadBytes} bytes`;
  return { eventType: checked.data.eventType, body, idempotencyKey: checked.data.idempotencyKey ?? null };
}

/** The store failed at the batch starting at `line`: everything before it was stored. */
function stoppedAt(line: number, cause: AppError): AppError {
  const detail = `Stopped at line ${line}: lines before it were accepted; resend from line ${line} (idempotency keys make resending safe)`;
  return cause._tag === "Unavailable" ? unavailable(cause.dependency, cause, `${cause.message}. ${detail}`) : { ...cause, message: `${cause.message}. ${detail}` };
}
