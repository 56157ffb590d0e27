import type { Cache, CacheAside, NotFound, ResultAsync } from "@hexkit/core";
import type { Endpoint } from "../domain/endpoint.js";
import { decodeEndpoint } from "./endpoint-codec.js";
import type { EndpointRepository } from "./endpoint-repository.port.js";
import type { RepositoryError } from "./repository-error.js";

/** Cache keys and tags of endpoints: one key per endpoint, tagged by tenant and endpoint. */
export const endpointCacheKey = (tenantId: string, id: string): string => `webhooks:endpoint:${tenantId}:${id}`;
const endpointTag = (id: string): string => `webhooks:endpoint:${id}`;

/** The worker's endpoint reads through cache-aside, and the invalidation every change calls. */
export interface CachedEndpointReader {
  get(tenantId: string, id: string): ResultAsync<Endpoint, NotFound | RepositoryError>;
  /** Drops the cached copy; best effort (a failed delete leaves it to expire within the TTL). */
  invalidate(tenantId: string, id: string): void;
}

/**
 * Reads endpoints through core's cache-aside (single-flight per key, TTL with
 * jitter, decode-checked entries, the store answering when the cache is down).
 * A change is visible to the worker at once in this process (invalidation)
 * and within `ttlMs` in any other.
 */
export function createCachedEndpointReader(
  repository: Pick<EndpointRepository, "get">,
  deps: { readonly cacheAside: CacheAside; readonly cache: Cache; readonly ttlMs: number },
): CachedEndpointReader {
  return {
    get: (tenantId, id) =>
      deps.cacheAside.getOrSet(endpointCacheKey(tenantId, id), () => repository.get(tenantId, id), {
        ttlMs: deps.ttlMs,
        ttlJitter: 0.1,
        decode: decodeEndpoint,
        tags: [endpointTag(id)],
      }),
    invalidate(tenantId, id) {
      void deps.cache.delete(endpointCacheKey(tenantId, id)).match(
        () => undefined,
        () => undefined,
      );
    },
  };
}
