import { evaluateFlag, type FeatureFlagStore, type FlagDefinition, okAsync } from "@hexkit/core";

/** Options for `createMemoryFeatureFlags`. */
export interface MemoryFeatureFlagsOptions {
  /** Flags to start with, by name. */
  readonly flags?: Readonly<Record<string, FlagDefinition>>;
}

/**
 * Feature flags held in a map, for one process: a FeatureFlagStore that
 * evaluates with core's `evaluateFlag`, so a key gets the same answer here as
 * from any other adapter. Changes apply to the next call. Never fails.
 */
export function createMemoryFeatureFlags(options: MemoryFeatureFlagsOptions = {}): FeatureFlagStore {
  const flags = new Map<string, FlagDefinition>(Object.entries(options.flags ?? {}));
  return {
    isEnabled: (flag, key) => okAsync(evaluateFlag(flags.get(flag), flag, key)),
    get: (flag) => okAsync(flags.get(flag)),
    set(flag, definition) {
      flags.set(flag, { ...definition });
      return okAsync(undefined);
    },
    delete(flag) {
      flags.delete(flag);
      return okAsync(undefined);
    },
  };
}
