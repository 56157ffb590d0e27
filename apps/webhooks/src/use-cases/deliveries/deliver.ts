import { type AppError, type Job, type ResultAsync, ok, safeTry } from "@hexkit/core";
import { countAttempt, type Delivery, markFailed, markSucceeded, scheduleNext } from "../../domain/delivery.js";
import { decide, describeOutcome, isSuccess } from "../../domain/delivery-policy.js";
import { disable, type Endpoint, recordFailure, recordSuccess, signingSecrets } from "../../domain/endpoint.js";
import { webhookHeaders } from "../../domain/signature.js";
import type { DeliverJob } from "../../adapters/delivery-jobs.js";
import type { UseCaseDeps } from "../deps.js";
import { orUndefined } from "../optional.js";
import { makeEnqueueDelivery } from "./enqueue-delivery.js";

/** What one run of the deliver job did, for logs and tests. */
export type DeliverOutcome =
  | { readonly kind: "skipped"; readonly reason: string }
  | { readonly kind: "held"; readonly untilMs: number; readonly reason: "circuit-open" | "rate-limited" }
  | { readonly kind: "attempted"; readonly succeeded: boolean; readonly decision: string };

/**
 * The delivery worker's job handler: one attempt of one delivery.
 *
 * Idempotent under at-least-once queues: a job whose `seq` is not the
 * delivery's, or whose delivery is no longer pending, does nothing. The
 * endpoint is read through cache-aside. An open circuit breaker or the
 * endpoint's rate limit HOLDS the delivery back (re-queued for later, no
 * attempt counted): nothing is dropped. Otherwise it signs, POSTs, records
 * the attempt and applies the delivery policy. Store failures are returned
 * (transient) so the queue runs the job again.
 */
export const makeDeliver = (
  deps: Pick<
    UseCaseDeps,
    | "deliveries"
    | "messages"
    | "endpoints"
    | "endpointReader"
    | "queue"
    | "clock"
    | "ids"
    | "sender"
    | "breakers"
    | "rateLimiter"
    | "settings"
    | "carrier"
    | "onEndpointChanged"
    | "random"
  >,
) => {
  const enqueue = makeEnqueueDelivery(deps);

  const failFor = (d: Delivery, reason: string): ResultAsync<DeliverOutcome, AppError> =>
    deps.deliveries.update(d.tenantId, d.id, (cur) => markFailed(cur, reason, deps.clock.now())).map(() => ({ kind: "skipped", reason }) as const);

  const hold = (d: Delivery, untilMs: number, reason: "circuit-open" | "rate-limited"): ResultAsync<DeliverOutcome, AppError> =>
    deps.deliveries
      .update(d.tenantId, d.id, (cur) => scheduleNext(cur, untilMs, deps.clock.now()))
      .andThen(enqueue)
      .map(() => ({ kind: "held", untilMs, reason }) as const);

  const changeEndpoint = (e: Endpoint, change: (cur: Endpoint) => Endpoint): ResultAsync<void, AppError> =>
    orUndefined(deps.endpoints.update(e.tenantId, e.id, change)).map(() => {
      deps.onEndpointChanged(e.tenantId, e.id);
    });

  return (job: Job<"deliver", DeliverJob>): ResultAsync<DeliverOutcome, AppError> =>
    safeTry(async function* () {
      const { tenantId, deliveryId, seq } = job.payload;
      const found = yield* orUndefined(deps.deliveries.get(tenantId, deliveryId));
      if (!found) return ok({ kind: "skipped", reason: "delivery not found" } as const);
      if (found.seq !== seq || found.status !== "pending") return ok({ kind: "skipped", reason: "stale job" } as const);

      const endpoint = yield* orUndefined(deps.endpointReader.get(tenantId, found.endpointId));
      if (!endpoint) return failFor(found, "The endpoint was deleted");
      if (endpoint.disabled) return failFor(found, `The endpoint is disabled (${endpoint.disabledReason ?? "manual"})`);

      const now = deps.clock.now();
      const admission = yield* deps.breakers.admit(endpoint.id, now);
      if (admission.kind === "hold") return hold(found, admission.untilMs + Math.floor(deps.random() * 1000), "circuit-open");
      if (endpoint.rateLimitPerSecond !== null) {
        const decision = yield* deps.rateLimiter.consume(`endpoint:${endpoint.id}`, { policy: { points: endpoint.rateLimitPerSecond, durationMs: 1000 } });
        if (!decision.allowed) return hold(found, now + decision.retryAfterMs, "rate-limited");
      }

      const message = yield* orUndefined(deps.messages.get(tenantId, found.messageId));
      if (!message) return failFor(found, "The message was deleted");

      const startedAt = deps.clock.now();
      const headers = {
        "content-type": "application/json",
        "user-agent": "hexkit-webhooks/0.1",
        ...webhookHeaders(signingSecrets(endpoint, startedAt), { id: message.id, timestampSeconds: Math.floor(startedAt / 1000), body: message.body }),
      };
      const sent = yield* deps.sender.send({ url: endpoint.url, headers, body: message.body });
      const succeeded = isSuccess(sent.outcome);
      yield* deps.deliveries.appendAttempt({
        id: deps.ids.next("atmpt"),
        tenantId,
        deliveryId: found.id,
        messageId: message.id,
        endpointId: endpoint.id,
        url: endpoint.url,
        at: startedAt,
        durationMs: sent.durationMs,
        succeeded,
        statusCode: sent.outcome.kind === "response" ? sent.outcome.status : null,
        error: succeeded ? null : describeOutcome(sent.outcome),
        responseSnippet: sent.responseSnippet,
      });
      const after = deps.clock.now();
      yield* deps.breakers.record(endpoint.id, succeeded, after);
      const counted = yield* deps.deliveries.update(tenantId, found.id, (cur) => countAttempt(cur, startedAt));

      const failingSince = succeeded ? null : (endpoint.failingSince ?? after);
      const decision = decide(deps.settings.policy, { outcome: sent.outcome, roundAttempt: counted.roundAttempts, failingSince, now: after }, deps.random);
      switch (decision.kind) {
        case "succeeded":
          if (endpoint.failingSince !== null) yield* changeEndpoint(endpoint, recordSuccess);
          yield* deps.deliveries.update(tenantId, found.id, (cur) => markSucceeded(cur, after));
          break;
        case "retry": {
          if (endpoint.failingSince === null) yield* changeEndpoint(endpoint, (cur) => recordFailure(cur, after));
          const next = yield* deps.deliveries.update(tenantId, found.id, (cur) => scheduleNext(cur, after + decision.delayMs, after));
          yield* enqueue(next);
          break;
        }
        case "dead-letter":
          if (endpoint.failingSince === null) yield* changeEndpoint(endpoint, (cur) => recordFailure(cur, after));
          yield* deps.deliveries.update(tenantId, found.id, (cur) => markFailed(cur, decision.reason, after));
          break;
        case "disable-endpoint":
          yield* changeEndpoint(endpoint, (cur) => disable(recordFailure(cur, after), decision.reason, after));
          yield* deps.deliveries.update(tenantId, found.id, (cur) => markFailed(cur, decision.detail, after));
          break;
      }
      return ok({ kind: "attempted", succeeded, decision: decision.kind } as const);
    });
};
