import type { Timeout, Unavailable } from "../errors.js";
import type { ResultAsync } from "../result.js";

/**
 * Feature flags, as a port: on/off, or on for a stable percentage of keys.
 * An unknown flag is off. For one flag, the same key always gets the same
 * answer at the same percentage, and raising the percentage only adds keys.
 */
export interface FlagDefinition {
  readonly enabled: boolean;
  /** 0–100: with `enabled`, the share of keys that see the flag on. Default 100. */
  readonly percentage?: number;
}

export interface FeatureFlags {
  /** Whether `flag` is on for `key` (a tenant or user id; required for percentage rollout). */
  isEnabled(flag: string, key?: string): ResultAsync<boolean, FeatureFlagsError>;
}

/** A flag store that can also change flags at run time. */
export interface FeatureFlagStore extends FeatureFlags {
  set(flag: string, definition: FlagDefinition): ResultAsync<void, FeatureFlagsError>;
  get(flag: string): ResultAsync<FlagDefinition | undefined, FeatureFlagsError>;
  delete(flag: string): ResultAsync<void, FeatureFlagsError>;
}

export type FeatureFlagsError = Unavailable | Timeout;
