import { type AppError, err, type Job, ok, okAsync, type Result, ResultAsync } from "@hexkit/core";
import { countAttempt, type Delivery, markFailed, markSucceeded, scheduleNext } from "../../domain/delivery.js";
import { type Decision, decide, describeOutcome, isSuccess } from "../../domain/delivery-policy.js";
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
 * the attempt and applies the delivery policy; a success on an endpoint that
 * was not failing counts the attempt and closes the delivery in one write.
 * Store failures are returned (transient) so the queue runs the job again:
 * at-least-once, the receiver deduplicates by `webhook-id`.
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

  /**
   * One attempt, as a plain async function that awaits each step's Result and
   * returns the first Err. The worker runs this for every delivery: a
   * `safeTry` generator costs ~3 µs per `yield*` in neverthrow 8's
   * down-levelled build (a dozen promises per step, each seen by the
   * AsyncLocalStorage hook), ten times what an `await` costs.
   */
  const attempt = async (job: Job<"deliver", DeliverJob>): Promise<Result<DeliverOutcome, AppError>> => {
    const { tenantId, deliveryId, seq } = job.payload;
    const gotDelivery = await orUndefined(deps.deliveries.get(tenantId, deliveryId));
    if (gotDelivery.isErr()) return err(gotDelivery.error);
    const found = gotDelivery.value;
    if (!found) return ok({ kind: "skipped", reason: "delivery not found" });
    if (found.seq !== seq || found.status !== "pending") return ok({ kind: "skipped", reason: "stale job" });

    const gotEndpoint = await orUndefined(deps.endpointReader.get(tenantId, found.endpointId));
    if (gotEndpoint.isErr()) return err(gotEndpoint.error);
    const endpoint = gotEndpoint.value;
    if (!endpoint) return failFor(found, "The endpoint was deleted");
    if (endpoint.disabled) return failFor(found, `The endpoint is disabled (${endpoint.disabledReason ?? "manual"})`);

    const now = deps.clock.now();
    const admission = await deps.breakers.admit(endpoint.id, now);
    if (admission.isErr()) return err(admission.error);
    if (admission.value.kind === "hold") return hold(found, admission.value.untilMs + Math.floor(deps.random() * 1000), "circuit-open");
    if (endpoint.rateLimitPerSecond !== null) {
      const decision = await deps.rateLimiter.consume(`endpoint:${endpoint.id}`, { policy: { points: endpoint.rateLimitPerSecond, durationMs: 1000 } });
      if (decision.isErr()) return err(decision.error);
      if (!decision.value.allowed) return hold(found, now + decision.value.retryAfterMs, "rate-limited");
    }

    const gotMessage = await orUndefined(deps.messages.get(tenantId, found.messageId));
    if (gotMessage.isErr()) return err(gotMessage.error);
    const message = gotMessage.value;
    if (!message) return failFor(found, "The message was deleted");

    const startedAt = deps.clock.now();
    const headers = {
      "content-type": "application/json",
      "user-agent": "hexkit-webhooks/0.1",
      ...webhookHeaders(signingSecrets(endpoint, startedAt), { id: message.id, timestampSeconds: Math.floor(startedAt / 1000), body: message.body }),
    };
    const posted = await deps.sender.send({ url: endpoint.url, headers, body: message.body });
    if (posted.isErr()) return err(posted.error);
    const sent = posted.value;
    const succeeded = isSuccess(sent.outcome);
    const appended = await deps.deliveries.appendAttempt({
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
    if (appended.isErr()) return err(appended.error);
    const after = deps.clock.now();
    const recorded = await deps.breakers.record(endpoint.id, succeeded, after);
    if (recorded.isErr()) return err(recorded.error);

    if (succeeded && endpoint.failingSince === null) {
      // The common case: nothing else changes between counting the attempt and closing the
      // delivery, so both land in one write (one round trip, and atomic where the store is).
      const closed = await deps.deliveries.update(tenantId, found.id, (cur) => markSucceeded(countAttempt(cur, startedAt), after));
      return closed.isErr() ? err(closed.error) : ok({ kind: "attempted", succeeded, decision: "succeeded" });
    }
    const counted = await deps.deliveries.update(tenantId, found.id, (cur) => countAttempt(cur, startedAt));
    if (counted.isErr()) return err(counted.error);
    const failingSince = succeeded ? null : (endpoint.failingSince ?? after);
    const decision = decide(deps.settings.policy, { outcome: sent.outcome, roundAttempt: counted.value.roundAttempts, failingSince, now: after }, deps.random);
    const applied = await apply(decision, endpoint, found, after);
    return applied.isErr() ? err(applied.error) : ok({ kind: "attempted", succeeded, decision: decision.kind });
  };

  /** The policy's decision after an attempt that failed, or that succeeded on a failing endpoint. */
  const apply = (decision: Decision, endpoint: Endpoint, found: Delivery, after: number): ResultAsync<unknown, AppError> => {
    const { tenantId } = found;
    switch (decision.kind) {
      case "succeeded":
        return changeEndpoint(endpoint, recordSuccess).andThen(() => deps.deliveries.update(tenantId, found.id, (cur) => markSucceeded(cur, after)));
      case "retry":
        return (endpoint.failingSince === null ? changeEndpoint(endpoint, (cur) => recordFailure(cur, after)) : okAsync(undefined))
          .andThen(() => deps.deliveries.update(tenantId, found.id, (cur) => scheduleNext(cur, after + decision.delayMs, after)))
          .andThen(enqueue);
      case "dead-letter":
        return (endpoint.failingSince === null ? changeEndpoint(endpoint, (cur) => recordFailure(cur, after)) : okAsync(undefined)).andThen(() =>
          deps.deliveries.update(tenantId, found.id, (cur) => markFailed(cur, decision.reason, after)),
        );
      case "disable-endpoint":
        return changeEndpoint(endpoint, (cur) => disable(recordFailure(cur, after), decision.reason, after)).andThen(() =>
          deps.deliveries.update(tenantId, found.id, (cur) => markFailed(cur, decision.detail, after)),
        );
    }
  };

  return (job: Job<"deliver", DeliverJob>): ResultAsync<DeliverOutcome, AppError> => new ResultAsync(attempt(job));
};
