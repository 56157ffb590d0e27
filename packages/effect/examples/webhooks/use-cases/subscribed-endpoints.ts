import { Effect } from "effect";
import { CacheService } from "@hexkit/effect";
import { type Endpoint, subscribes } from "../domain.js";
import { EndpointRepository } from "../services.js";

/** How long a tenant's endpoint list for one event type stays cached, in ms. */
export const endpointsTtlMs = 60_000;

/** The cache tag of everything cached for a tenant: registering an endpoint invalidates it. */
export const tenantTag = (tenantId: string): string => `tenant:${tenantId}`;

const isEndpointList = (value: unknown): value is Endpoint[] =>
  Array.isArray(value) && value.every((e) => typeof e === "object" && e !== null && typeof (e as Endpoint).id === "string");

/**
 * The tenant's endpoints subscribed to `eventType`, read through the cache
 * (cache-aside). The cache is an optimisation, never a dependency: a cache
 * that is down or answers garbage counts as a miss, and a failed write is
 * ignored. Only the repository's answer is authoritative.
 */
export const subscribedEndpoints = Effect.fn("subscribedEndpoints")(function* (tenantId: string, eventType: string) {
  const cache = yield* CacheService;
  const key = `endpoints:${tenantId}:${eventType}`;

  const cached = yield* cache.get(key).pipe(Effect.catchTag(["Unavailable", "Timeout"], () => Effect.succeed(undefined)));
  if (cached !== undefined) {
    const decoded = JSON.parse(cached) as unknown;
    if (isEndpointList(decoded)) return decoded;
  }

  const all = yield* (yield* EndpointRepository).listByTenant(tenantId);
  const endpoints = all.filter((endpoint) => subscribes(endpoint, eventType));
  yield* Effect.ignore(cache.set(key, JSON.stringify(endpoints), endpointsTtlMs, { tags: [tenantTag(tenantId)] }));
  return endpoints;
});
