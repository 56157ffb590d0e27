import type { FeatureFlagStore, FeatureFlags, FeatureFlagsError, FlagDefinition } from "@hexkit/core";
import { type Effect, Layer } from "effect";
import { fromResultAsync } from "../conversions/from-result.js";
import { PortService } from "../port-service.js";
import { serviceToPort } from "./service-to-port.js";

/** The `FeatureFlags` port as an Effect method. An unknown flag is off. */
export interface FeatureFlagsServiceShape {
  /** Whether `flag` is on for `key` (a tenant or user id; required for percentage rollout). */
  isEnabled(flag: string, key?: string): Effect.Effect<boolean, FeatureFlagsError>;
}

/** The `FeatureFlagStore` port (flags that change at run time) as Effect methods. */
export interface FeatureFlagStoreServiceShape extends FeatureFlagsServiceShape {
  set(flag: string, definition: FlagDefinition): Effect.Effect<void, FeatureFlagsError>;
  get(flag: string): Effect.Effect<FlagDefinition | undefined, FeatureFlagsError>;
  delete(flag: string): Effect.Effect<void, FeatureFlagsError>;
}

/** The read side's methods over any `FeatureFlags` adapter; each run asks the adapter again. */
export function makeFeatureFlagsService(flags: FeatureFlags): FeatureFlagsServiceShape {
  return {
    isEnabled: (flag, key) => fromResultAsync(() => (key === undefined ? flags.isEnabled(flag) : flags.isEnabled(flag, key))),
  };
}

/** The store's methods over any `FeatureFlagStore` adapter. */
export function makeFeatureFlagStoreService(store: FeatureFlagStore): FeatureFlagStoreServiceShape {
  return {
    ...makeFeatureFlagsService(store),
    set: (flag, definition) => fromResultAsync(() => store.set(flag, definition)),
    get: (flag) => fromResultAsync(() => store.get(flag)),
    delete: (flag) => fromResultAsync(() => store.delete(flag)),
  };
}

/** A `FeatureFlags` port over the service; a defect is `Unavailable` naming `@hexkit/FeatureFlags`. */
export function featureFlagsFromService(service: FeatureFlagsServiceShape): FeatureFlags {
  const run = serviceToPort(FeatureFlagsService.key);
  return { isEnabled: (flag, key) => run(key === undefined ? service.isEnabled(flag) : service.isEnabled(flag, key)) };
}

/** A `FeatureFlagStore` port over the service; a defect is `Unavailable` naming `@hexkit/FeatureFlagStore`. */
export function featureFlagStoreFromService(service: FeatureFlagStoreServiceShape): FeatureFlagStore {
  const run = serviceToPort(FeatureFlagStoreService.key);
  return {
    isEnabled: (flag, key) => run(key === undefined ? service.isEnabled(flag) : service.isEnabled(flag, key)),
    set: (flag, definition) => run(service.set(flag, definition)),
    get: (flag) => run(service.get(flag)),
    delete: (flag) => run(service.delete(flag)),
  };
}

/** The `FeatureFlags` port (read side) as an Effect service (`@hexkit/FeatureFlags`). */
export class FeatureFlagsService extends PortService<FeatureFlagsService, FeatureFlags, FeatureFlagsServiceShape>()(
  "@hexkit/FeatureFlags",
  makeFeatureFlagsService,
) {
  /** See `featureFlagsFromService`. */
  static readonly toPort: (service: FeatureFlagsServiceShape) => FeatureFlags = featureFlagsFromService;
}

/**
 * The `FeatureFlagStore` port as an Effect service (`@hexkit/FeatureFlagStore`),
 * for admin code that changes flags. `layerBoth` provides it and
 * `FeatureFlagsService` from one store, so readers need not know about writes.
 */
export class FeatureFlagStoreService extends PortService<FeatureFlagStoreService, FeatureFlagStore, FeatureFlagStoreServiceShape>()(
  "@hexkit/FeatureFlagStore",
  makeFeatureFlagStoreService,
) {
  /** See `featureFlagStoreFromService`. */
  static readonly toPort: (service: FeatureFlagStoreServiceShape) => FeatureFlagStore = featureFlagStoreFromService;
  /** Provides both `FeatureFlagStoreService` and `FeatureFlagsService` over one store. */
  static readonly layerBoth = (store: FeatureFlagStore): Layer.Layer<FeatureFlagStoreService | FeatureFlagsService> =>
    Layer.merge(FeatureFlagStoreService.layer(store), FeatureFlagsService.layer(store));
}
