import { validationError } from "@hexkit/core";
import { Effect } from "effect";
import { CacheService, ClockService, IdGeneratorService } from "@hexkit/effect";
import { type Endpoint, type EndpointInput, endpointIssues } from "../domain.js";
import { EndpointRepository } from "../services.js";
import { newSecret } from "../signature.js";
import { tenantTag } from "./subscribed-endpoints.js";

/**
 * Registers an endpoint for `tenantId`. Fails with `ValidationError` listing
 * every issue (nothing is stored then). The tenant's cached endpoint lists
 * are invalidated; if the cache is down, registration still succeeds and a
 * warning is logged, since the lists expire by their TTL anyway.
 */
export const registerEndpoint = Effect.fn("registerEndpoint")(function* (tenantId: string, input: EndpointInput) {
  const issues = endpointIssues(input);
  if (issues.length > 0) return yield* Effect.fail(validationError(issues));

  const ids = yield* IdGeneratorService;
  const clock = yield* ClockService;
  const endpoint: Endpoint = {
    id: yield* ids.next("ep"),
    tenantId,
    url: input.url,
    eventTypes: [...new Set(input.eventTypes)],
    secret: newSecret(),
    createdAt: yield* clock.now,
  };
  yield* (yield* EndpointRepository).save(endpoint);

  const cache = yield* CacheService;
  yield* cache
    .invalidateTags([tenantTag(tenantId)])
    .pipe(Effect.catchTag(["Unavailable", "Timeout"], (error) => Effect.logWarning("endpoint lists not invalidated", error.message)));

  yield* Effect.logInfo("endpoint registered").pipe(Effect.annotateLogs({ tenantId, endpointId: endpoint.id }));
  return endpoint;
});
