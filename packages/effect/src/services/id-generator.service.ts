import type { IdGenerator } from "@hexkit/core";
import { Effect } from "effect";
import { PortService } from "../port-service.js";

/** The `IdGenerator` port as an Effect. */
export interface IdGeneratorServiceShape {
  /** A new id (unique, roughly time-sorted), `prefix + "_"` first when given; a new one each run. */
  next(prefix?: string): Effect.Effect<string>;
}

/** The service over any `IdGenerator` adapter. */
export function makeIdGeneratorService(ids: IdGenerator): IdGeneratorServiceShape {
  return { next: (prefix) => Effect.sync(() => (prefix === undefined ? ids.next() : ids.next(prefix))) };
}

/** The `IdGenerator` port as an Effect service (`@hexkit/IdGenerator`). */
export class IdGeneratorService extends PortService<IdGeneratorService, IdGenerator, IdGeneratorServiceShape>()(
  "@hexkit/IdGenerator",
  makeIdGeneratorService,
) {}
