import { z } from "zod";

const HostPort = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
});

const TlsFiles = z.object({
  /** PEM file of the CA(s) to trust instead of Node's default bundle. */
  caFile: z.string().min(1).optional(),
  /** PEM client certificate, for mutual TLS. */
  certFile: z.string().min(1).optional(),
  /** PEM client key, for mutual TLS. */
  keyFile: z.string().min(1).optional(),
  /** Server name for SNI and certificate checks, when it differs from the host. */
  servername: z.string().min(1).optional(),
  /** Default true. Turning it off accepts any certificate: tests only. */
  rejectUnauthorized: z.boolean().default(true),
});

/**
 * Options of `createRedisClient`. Defaults favour failing fast: a command
 * that does not answer within `commandTimeoutMs` is a `Timeout`, and while the
 * connection is down every command is refused at once (`Unavailable`).
 */
export const RedisClientOptions = z
  .object({
    /** Dependency name in errors, logs and the health check. */
    name: z.string().min(1).default("redis"),
    /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. Fields below override it. */
    url: z.string().regex(/^rediss?:\/\//u, "must start with redis:// or rediss://").optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** File holding the password (a mounted secret); one trailing newline is ignored. */
    passwordFile: z.string().min(1).optional(),
    db: z.number().int().min(0).optional(),
    /** `true` for TLS with Node's defaults, or files and checks to use. */
    tls: z.union([z.boolean(), TlsFiles]).optional(),
    /** Connect through Redis Sentinel to the master (or a replica) named `masterName`. */
    sentinel: z
      .object({
        sentinels: z.array(HostPort).min(1),
        masterName: z.string().min(1),
        role: z.enum(["master", "slave"]).default("master"),
        sentinelUsername: z.string().min(1).optional(),
        sentinelPassword: z.string().min(1).optional(),
        sentinelPasswordFile: z.string().min(1).optional(),
      })
      .optional(),
    /** Connect to a Redis Cluster through these seed nodes. */
    cluster: z
      .object({
        nodes: z.array(HostPort).min(1),
        /** Route read-only commands to replicas too. */
        scaleReads: z.enum(["master", "slave", "all"]).default("master"),
      })
      .optional(),
    /** Deadline of every command, in ms. Past it the call answers `Timeout`. */
    commandTimeoutMs: z.number().int().positive().default(500),
    /** Deadline of establishing a connection (TCP + TLS + handshake), in ms. */
    connectTimeoutMs: z.number().int().positive().default(2_000),
    /** Reconnection never stops; the wait between tries doubles from 50 ms up to this cap (ms). */
    maxReconnectDelayMs: z.number().int().positive().default(2_000),
    /** TCP keep-alive initial delay in ms, so a silently dead peer is noticed. */
    keepAliveMs: z.number().int().nonnegative().default(10_000),
    /** Name shown by `CLIENT LIST`. */
    connectionName: z.string().min(1).optional(),
    /**
     * Further ioredis options passed through as they are (e.g. `natMap` for
     * Cluster, `sentinelRetryStrategy`). The failure-handling options this
     * package owns (`commandTimeout`, `connectTimeout`, `retryStrategy`,
     * `maxRetriesPerRequest`, `enableOfflineQueue`, `autoResendUnfulfilledCommands`)
     * always win over this.
     */
    ioredis: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((o) => !(o.password !== undefined && o.passwordFile !== undefined), {
    error: "give password or passwordFile, not both",
    path: ["passwordFile"],
  })
  .refine((o) => !(o.sentinel !== undefined && o.cluster !== undefined), {
    error: "give sentinel or cluster, not both",
    path: ["cluster"],
  });

/** What callers may pass to `createRedisClient` (defaults applied by the schema). */
export type RedisClientOptionsInput = z.input<typeof RedisClientOptions>;
/** The options after validation. */
export type RedisClientConfig = z.output<typeof RedisClientOptions>;
