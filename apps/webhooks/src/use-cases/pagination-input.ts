import { type Result, ok } from "@hexkit/core";
import type { ValidationError } from "@hexkit/core";
import { decodeCursor, type PageRequest } from "../domain/pagination.js";

/** Page parameters as the API takes them. */
export interface PageInput {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Default and largest page sizes. */
export const pageLimits = { default: 50, max: 250 } as const;

/** Turns API page parameters into a repository's page request; a bad cursor is a `ValidationError`. */
export function toPageRequest(input: PageInput): Result<PageRequest, ValidationError> {
  const limit = Math.min(pageLimits.max, Math.max(1, input.limit ?? pageLimits.default));
  if (input.cursor === undefined || input.cursor === "") return ok({ limit, after: null });
  return decodeCursor(input.cursor).map((after) => ({ limit, after }));
}
