import type { Carrier, ContextStore, ContextValues } from "@hexkit/core";
import { Effect } from "effect";
import { PortService } from "../port-service.js";
import { runInside } from "../run-inside.js";

/** The `ContextStore` port (correlation id, trace id, tenant of the current flow) as Effect values. */
export interface ContextStoreServiceShape {
  /** The context of the current async flow (empty outside any), read when the Effect runs. */
  readonly current: Effect.Effect<ContextValues>;
  /**
   * Runs `effect` with `values` merged over the current context: adapters
   * called inside it (a logger, a queue injecting carriers) see them.
   */
  run<A, E, R>(values: ContextValues, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R>;
  /** The current context serialised into a carrier (`x-request-id`, …). */
  readonly inject: Effect.Effect<Record<string, string>>;
  /** Context values read back from a carrier written by `inject`; pure. */
  extract(carrier: Carrier): ContextValues;
}

/** The service over any `ContextStore` adapter (e.g. the AsyncLocalStorage one in @hexkit/memory). */
export function makeContextStoreService(store: ContextStore): ContextStoreServiceShape {
  return {
    current: Effect.sync(() => store.current()),
    run: (values, effect) => runInside((start) => store.run(values, () => start(undefined)), () => effect),
    inject: Effect.sync(() => store.inject()),
    extract: (carrier) => store.extract(carrier),
  };
}

/** The `ContextStore` port as an Effect service (`@hexkit/ContextStore`). */
export class ContextStoreService extends PortService<ContextStoreService, ContextStore, ContextStoreServiceShape>()(
  "@hexkit/ContextStore",
  makeContextStoreService,
) {}
