import {
  type Clock,
  err,
  evaluateFlag,
  type FeatureFlagsError,
  type FeatureFlagStore,
  type FlagDefinition,
  type Logger,
  ok,
  okAsync,
  type Result,
  ResultAsync,
  type ValidationError,
} from "@hexkit/core";
import { z } from "zod";
import type { RedisClient } from "../client/create-redis-client.js";
import { systemClock } from "../client/system-clock.js";
import { validateOptions } from "../validate-options.js";
import { deleteFlagScript, setFlagScript } from "./flag-scripts.js";
import { decodeAll, decodeFlag, encodeFlag } from "./flag-snapshot.js";

/** Options of `createRedisFeatureFlags`. */
export const RedisFeatureFlagsOptions = z.object({
  /** The Redis hash holding every flag (field = flag name, value = JSON definition). */
  key: z.string().min(1).default("hexkit:flags"),
  /**
   * How long (ms) an instance answers from its local copy before re-reading
   * the hash. The bound on how late an instance sees a change when change
   * notifications are lost; with them, changes arrive in about a round trip.
   */
  refreshMs: z.number().int().positive().default(5_000),
});

/** What callers may pass to `createRedisFeatureFlags`. */
export type RedisFeatureFlagsOptionsInput = z.input<typeof RedisFeatureFlagsOptions>;

/** What the flag store needs from outside. */
export interface RedisFeatureFlagsDeps {
  /** Ages the local copy; default the system clock. */
  readonly clock?: Clock;
  /** Told about malformed flags and about answering from a stale copy. */
  readonly logger?: Logger;
}

/** The Redis flag store: the port, plus `close()` to stop listening for changes. */
export interface RedisFeatureFlags extends FeatureFlagStore {
  /** True while change notices are received (subscription confirmed); else changes show within `refreshMs`. */
  listening(): boolean;
  /** Stops listening for change notifications. Idempotent. */
  close(): void;
}

/**
 * A FeatureFlagStore on a Redis hash, shared by every instance. `isEnabled`
 * answers from a local copy of the whole hash (no round trip on the hot
 * path), evaluated by core's `evaluateFlag`. A change (`set`, `delete`) is
 * written and announced on the `<key>:changed` channel in one atomic script;
 * every instance drops its copy on the notice, so it sees the change on its
 * next read, about one round trip later. If notices are lost (subscriber
 * down), a copy is never used for longer than `refreshMs`: the bound on the
 * delay is `refreshMs` plus one read. The instance that made the change sees
 * it at once.
 *
 * While Redis is down, `isEnabled` keeps answering from the last copy (no
 * change can be made meanwhile either); with no copy yet it answers the
 * error. `get` always reads Redis.
 */
export function createRedisFeatureFlags(
  client: RedisClient,
  options: RedisFeatureFlagsOptionsInput = {},
  deps: RedisFeatureFlagsDeps = {},
): Result<RedisFeatureFlags, ValidationError> {
  const config = validateOptions(RedisFeatureFlagsOptions, options, "redisFeatureFlags");
  if (config.isErr()) return err(config.error);
  const { key, refreshMs } = config.value;
  const channel = `${key}:changed`;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger;

  let snapshot: Map<string, FlagDefinition> | undefined;
  let loadedAt = 0;
  // Bumped by every change notice (and by the subscription becoming active):
  // a load that started before a bump may predate the change, so it is not trusted as fresh.
  let generation = 0;
  let loadedGeneration = -1;
  let loading: Promise<Result<Map<string, FlagDefinition>, FeatureFlagsError>> | undefined;
  let servingStale = false;

  const invalidate = (): void => {
    generation++;
  };
  let listening = false;
  const unsubscribe = client.subscribe(channel, {
    onMessage: invalidate,
    // Notices sent before the subscription was confirmed are lost: distrust the copy.
    onActive: () => {
      listening = true;
      invalidate();
    },
    onInactive: () => {
      listening = false;
    },
  });

  const isFresh = (): boolean => snapshot !== undefined && loadedGeneration === generation && clock.now() - loadedAt < refreshMs;

  const load = (): Promise<Result<Map<string, FlagDefinition>, FeatureFlagsError>> => {
    if (loading !== undefined) return loading;
    const startedGeneration = generation;
    const startedAt = clock.now();
    const flight = Promise.resolve(
      client.run("featureFlags.load", (c) => c.hgetall(key)).then<Result<Map<string, FlagDefinition>, FeatureFlagsError>, never>((r) => {
        loading = undefined;
        if (r.isErr()) {
          if (snapshot === undefined) return err(r.error);
          if (!servingStale) logger?.warn("feature flags answer from a stale copy while redis is unavailable", { err: r.error });
          servingStale = true;
          return ok(snapshot);
        }
        servingStale = false;
        snapshot = decodeAll(r.value, logger);
        loadedAt = startedAt;
        loadedGeneration = startedGeneration;
        return ok(snapshot);
      }),
    );
    loading = flight;
    return flight;
  };

  const store: RedisFeatureFlags = {
    isEnabled: (flag, subject) => {
      if (isFresh() && snapshot !== undefined) return okAsync(evaluateFlag(snapshot.get(flag), flag, subject));
      return new ResultAsync(load()).map((flags) => evaluateFlag(flags.get(flag), flag, subject));
    },
    get: (flag) => client.run("featureFlags.get", (c) => c.hget(key, flag)).map((raw) => decodeFlag(raw, flag, logger)),
    set: (flag, definition) => {
      // Bumped before and after the write, so a load that overlaps it is never taken as fresh (read-your-writes).
      invalidate();
      return client.run("featureFlags.set", (c) => setFlagScript.run(c, [key], [flag, encodeFlag(definition), channel])).map(() => {
        invalidate();
        snapshot?.set(flag, definition);
      });
    },
    delete: (flag) => {
      invalidate();
      return client.run("featureFlags.delete", (c) => deleteFlagScript.run(c, [key], [flag, channel])).map(() => {
        invalidate();
        snapshot?.delete(flag);
      });
    },
    listening: () => listening,
    close: () => {
      listening = false;
      unsubscribe();
    },
  };
  return ok(store);
}
