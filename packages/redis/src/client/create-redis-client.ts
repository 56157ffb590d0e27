import {
  err,
  errAsync,
  type HealthCheck,
  type Logger,
  ok,
  type Result,
  ResultAsync,
  unavailable,
  type ValidationError,
} from "@hexkit/core";
import { Cluster, Redis } from "ioredis";
import { toPortError, type RedisPortError } from "../to-port-error.js";
import { validateOptions } from "../validate-options.js";
import { RedisClientOptions, type RedisClientOptionsInput } from "./client-options.js";
import { enforceCommandDeadlines } from "./command-deadlines.js";
import { type ConnectionPlan, planConnection } from "./connection-options.js";
import { type ChannelListener, PubSub } from "./pubsub.js";
import { writeCoalescer } from "./write-coalescer.js";

/** The ioredis connection behind a client: standalone/Sentinel, or Cluster. */
export type RedisConnection = Redis | Cluster;

/** What a client may use from outside. */
export interface RedisClientDeps {
  /** Connection state changes are logged here (once per outage, not per failed command). */
  readonly logger?: Logger;
}

/**
 * A Redis connection with hexkit's failure handling, shared by every adapter
 * of this package. Each adapter sends its commands through `run`, which is
 * the one place where an ioredis promise becomes a `ResultAsync`.
 */
export interface RedisClient {
  /** Dependency name used in errors, logs and the health check (default `redis`). */
  readonly name: string;
  /** The deadline of every command, in ms. */
  readonly commandTimeoutMs: number;
  /** The raw command connection, for commands no port covers. Do not close it directly. */
  readonly connection: RedisConnection;
  /** `PING`s the server; `Unavailable` while disconnected, `Timeout` past `commandTimeoutMs`. */
  readonly health: HealthCheck;
  /**
   * Runs `command` on the connection and returns its outcome as a value.
   * Refused at once with `Unavailable` while the connection is down or
   * reconnecting; bounded by `commandTimeoutMs` otherwise (before the first
   * connection is made, a command waits for it up to that deadline). Never
   * throws, never rejects. `map` shapes the reply in the same step (cheaper
   * on hot paths than `ResultAsync.map`); if it throws, that is a bug and the
   * call answers `Unavailable` with the exception as cause.
   */
  run<T, U = T>(operation: string, command: (connection: RedisConnection) => Promise<T>, map?: (reply: T) => U): ResultAsync<U, RedisPortError>;
  /**
   * Listens to a pub/sub channel through one shared subscriber connection,
   * resubscribing after reconnects. Returns the function that stops listening.
   */
  subscribe(channel: string, listener: ChannelListener): () => void;
  /** True while the command connection is ready. */
  isReady(): boolean;
  /** Closes the command and subscriber connections. Idempotent; never rejects. */
  close(): Promise<void>;
}

// States in which ioredis would only queue a command for a connection that is
// known to be gone: refuse at once instead, so callers never wait on an outage.
const downStates = new Set(["reconnecting", "close", "end", "disconnecting"]);

// A Cluster keeps ioredis's per-command timer (set in its node options) and
// one write per command; a standalone or Sentinel connection gets one
// deadline queue for all commands, and coalesced writes.
function connect(plan: ConnectionPlan, commandTimeoutMs: number): RedisConnection {
  if (plan.kind === "cluster") return new Cluster(plan.nodes.map((n) => ({ ...n })), plan.options);
  const redis = plan.url === undefined ? new Redis(plan.options) : new Redis(plan.url, plan.options);
  enforceCommandDeadlines(redis, commandTimeoutMs, writeCoalescer(redis));
  return redis;
}

function duplicateForSubscribe(connection: RedisConnection, commandTimeoutMs: number): RedisConnection {
  if (connection instanceof Cluster) {
    const redisOptions = { ...connection.options.redisOptions, autoResubscribe: false };
    return connection.duplicate(undefined, { redisOptions } as Parameters<Cluster["duplicate"]>[1]);
  }
  // Few commands (SUBSCRIBE, UNSUBSCRIBE): ioredis's own per-command timer is cheap enough here.
  return connection.duplicate({
    autoResubscribe: false,
    commandTimeout: commandTimeoutMs,
    connectionName: `${connection.options.connectionName ?? "hexkit"}:sub`,
  });
}

/**
 * Creates a Redis client from validated options (see `RedisClientOptions`):
 * URL, TLS, password or password file, db, Sentinel or Cluster. It connects
 * at once and reconnects forever with capped, jittered backoff; connection
 * errors never surface as unhandled `error` events. Fails only with a
 * `ValidationError` (bad options, unreadable secret file), never because
 * Redis is down: that shows in the health check and in each call's result.
 */
export function createRedisClient(options: RedisClientOptionsInput = {}, deps: RedisClientDeps = {}): Result<RedisClient, ValidationError> {
  const config = validateOptions(RedisClientOptions, options, "redisClient");
  if (config.isErr()) return err(config.error);
  const plan = planConnection(config.value);
  if (plan.isErr()) return err(plan.error);
  const { name, commandTimeoutMs } = config.value;
  const logger = deps.logger;

  const connection = connect(plan.value, commandTimeoutMs);
  let wasReady = false;
  let outageLogged = false;
  connection.on("error", (e: unknown) => {
    // ioredis emits one error per failed reconnect; log the first of an outage only.
    if (outageLogged) return;
    outageLogged = true;
    logger?.warn("redis connection lost; reconnecting", { dependency: name, err: e });
  });
  connection.on("ready", () => {
    if (wasReady && outageLogged) logger?.info("redis connection restored", { dependency: name });
    wasReady = true;
    outageLogged = false;
  });

  const pubsub = new PubSub(() => duplicateForSubscribe(connection, commandTimeoutMs), logger, name);
  let closed = false;

  const run = <T, U = T>(
    operation: string,
    command: (c: RedisConnection) => Promise<T>,
    map?: (reply: T) => U,
  ): ResultAsync<U, RedisPortError> => {
    if (closed || downStates.has(connection.status)) {
      return errAsync(unavailable(name, undefined, `${name} is unavailable (${operation}: connection is ${closed ? "closed" : connection.status})`));
    }
    let promise: Promise<T>;
    try {
      promise = command(connection);
    } catch (e) {
      return errAsync(toPortError(e, { dependency: name, commandTimeoutMs, operation }));
    }
    // Both callbacks inline and anonymous: this runs once per command, and a named per-call
    // closure costs a defineProperty under esbuild's keepNames (tsx, the benches).
    return new ResultAsync(
      promise.then<Result<U, RedisPortError>, Result<U, RedisPortError>>(
        (value) => {
          if (map === undefined) return ok(value as unknown as U);
          try {
            return ok(map(value));
          } catch (e) {
            return err(toPortError(e, { dependency: name, commandTimeoutMs, operation }));
          }
        },
        (e: unknown) => err(toPortError(e, { dependency: name, commandTimeoutMs, operation })),
      ),
    );
  };

  const client: RedisClient = {
    name,
    commandTimeoutMs,
    connection,
    health: { name, check: () => run("ping", (c) => c.ping()).map(() => undefined) },
    run,
    subscribe: (channel, listener) => pubsub.subscribe(channel, listener),
    isReady: () => connection.status === "ready",
    close: async () => {
      if (closed) return;
      closed = true;
      await pubsub.close();
      await connection.quit().catch(() => {
        connection.disconnect();
      });
      // quit() resolves before the socket closes; a reconnect must not start after it.
      connection.disconnect();
    },
  };
  return ok(client);
}
