import type { Timeout, Unavailable } from "@hexkit/core";

/** A repository fails only because its store is down or slow; absence is `NotFound`, never an error of the store. */
export type RepositoryError = Unavailable | Timeout;
