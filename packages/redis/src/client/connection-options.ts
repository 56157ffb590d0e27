import { readFileSync } from "node:fs";
import { err, invalid, ok, type Result, type ValidationError } from "@hexkit/core";
import type { Cluster, RedisOptions } from "ioredis";
import type { RedisClientConfig } from "./client-options.js";

/** ioredis options without `replyMapping`, which `exactOptionalPropertyTypes` cannot pass through. */
export type IoredisOptions = Omit<RedisOptions, "replyMapping">;

/** ioredis Cluster options, as its constructor accepts them. */
export type IoredisClusterOptions = NonNullable<ConstructorParameters<typeof Cluster>[1]>;

/** How to build the ioredis connection: a standalone/Sentinel `Redis`, or a `Cluster`. */
export type ConnectionPlan =
  | { readonly kind: "standalone"; readonly url: string | undefined; readonly options: IoredisOptions }
  | { readonly kind: "cluster"; readonly nodes: readonly { host: string; port: number }[]; readonly options: IoredisClusterOptions };

function readSecret(path: string, field: readonly string[]): Result<string, ValidationError> {
  try {
    // Secret files usually end with one newline added by editors or `echo`.
    return ok(readFileSync(path, "utf8").replace(/\r?\n$/u, ""));
  } catch (cause) {
    return err(invalid(field, `cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, "unreadable_file"));
  }
}

function readTls(config: RedisClientConfig): Result<RedisOptions["tls"], ValidationError> {
  const tls = config.tls;
  if (tls === undefined || tls === false) return ok(undefined);
  if (tls === true) return ok({});
  const out: NonNullable<RedisOptions["tls"]> = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.servername !== undefined) out.servername = tls.servername;
  for (const [field, key] of [["caFile", "ca"], ["certFile", "cert"], ["keyFile", "key"]] as const) {
    const path = tls[field];
    if (path === undefined) continue;
    const read = readSecret(path, ["tls", field]);
    if (read.isErr()) return err(read.error);
    out[key] = read.value;
  }
  return ok(out);
}

/**
 * The retry strategy: reconnect forever, waiting 50 ms · 2^(n-1) capped at
 * `maxDelayMs`, with up to 20 % jitter so that many processes that lost
 * Redis together do not reconnect in lockstep.
 */
export function reconnectDelay(attempt: number, maxDelayMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxDelayMs, 50 * 2 ** Math.min(16, Math.max(0, attempt - 1)));
  return Math.max(1, Math.round(base * (0.8 + 0.2 * random())));
}

/**
 * Turns validated options into ioredis options, reading the password and TLS
 * files once. The failure-handling settings are fixed here, in one place:
 * commands are refused at once while disconnected (no offline queue after the
 * first connect; see `createRedisClient`), never resent after a reconnect,
 * and bounded by `commandTimeoutMs` (a Cluster's nodes by ioredis's
 * `commandTimeout`; a standalone or Sentinel connection by the client's own
 * deadline queue, so ioredis's per-command timer is left off there).
 */
export function planConnection(config: RedisClientConfig): Result<ConnectionPlan, ValidationError> {
  const password = config.passwordFile === undefined ? ok(config.password) : readSecret(config.passwordFile, ["passwordFile"]);
  if (password.isErr()) return err(password.error);
  const tls = readTls(config);
  if (tls.isErr()) return err(tls.error);

  const base: IoredisOptions = { ...(config.ioredis as IoredisOptions | undefined) };
  const set = <K extends keyof IoredisOptions>(key: K, value: IoredisOptions[K] | undefined): void => {
    if (value !== undefined) base[key] = value;
  };
  set("host", config.host);
  set("port", config.port);
  set("username", config.username);
  set("password", password.value);
  set("db", config.db);
  set("tls", tls.value);
  set("connectionName", config.connectionName);
  Object.assign(base, {
    commandTimeout: config.commandTimeoutMs,
    connectTimeout: config.connectTimeoutMs,
    keepAlive: config.keepAliveMs,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => reconnectDelay(times, config.maxReconnectDelayMs),
  } satisfies IoredisOptions);

  if (config.sentinel !== undefined) {
    const s = config.sentinel;
    const sentinelPassword =
      s.sentinelPasswordFile === undefined ? ok(s.sentinelPassword) : readSecret(s.sentinelPasswordFile, ["sentinel", "sentinelPasswordFile"]);
    if (sentinelPassword.isErr()) return err(sentinelPassword.error);
    base.sentinels = s.sentinels.map((n) => ({ host: n.host, port: n.port }));
    base.name = s.masterName;
    base.role = s.role;
    set("sentinelUsername", s.sentinelUsername);
    set("sentinelPassword", sentinelPassword.value);
    base.sentinelRetryStrategy = (times: number) => reconnectDelay(times, config.maxReconnectDelayMs);
  }

  if (config.cluster !== undefined) {
    const { commandTimeout, connectTimeout, keepAlive, maxRetriesPerRequest, autoResendUnfulfilledCommands, retryStrategy: _r, host: _h, port: _p, db: _d, ...nodeRest } = base;
    const redisOptions: NonNullable<IoredisClusterOptions["redisOptions"]> = { ...nodeRest };
    Object.assign(redisOptions, { commandTimeout, connectTimeout, keepAlive, maxRetriesPerRequest, autoResendUnfulfilledCommands });
    const clusterOptions: IoredisClusterOptions = {
      ...(config.ioredis as IoredisClusterOptions | undefined),
      redisOptions,
      scaleReads: config.cluster.scaleReads,
      maxRedirections: 4,
      clusterRetryStrategy: (times: number) => reconnectDelay(times, config.maxReconnectDelayMs),
    };
    return ok({ kind: "cluster", nodes: config.cluster.nodes, options: clusterOptions });
  }
  // Enforced by createRedisClient's deadline queue instead (see command-deadlines.ts); a
  // passed-through value must not add ioredis's timer on top.
  delete base.commandTimeout;
  return ok({ kind: "standalone", url: config.url, options: base });
}
