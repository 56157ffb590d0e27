import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RedisClientOptions } from "../src/client/client-options.js";
import { planConnection, reconnectDelay } from "../src/client/connection-options.js";
import { createRedisClient, createRedisCache, createRedisRateLimiter } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "hexkit-redis-"));
const secret = join(dir, "password");
writeFileSync(secret, "s3cret\n");

describe("Redis client options", () => {
  it("reports every invalid option at once, with its path", () => {
    const result = createRedisClient({ url: "http://x", commandTimeoutMs: -1, db: 1.5 });
    expect(result.isErr()).toBe(true);
    const paths = result._unsafeUnwrapErr().issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["commandTimeoutMs", "db", "url"]);
    expect(result._unsafeUnwrapErr().issues[0]?.source).toBe("redisClient");
  });

  it("refuses a password together with a password file, and Sentinel together with Cluster", () => {
    const both = createRedisClient({
      password: "a",
      passwordFile: secret,
      sentinel: { sentinels: [{ host: "s", port: 26379 }], masterName: "m" },
      cluster: { nodes: [{ host: "c", port: 7000 }] },
    });
    expect(both._unsafeUnwrapErr().issues.map((i) => i.path.join("."))).toEqual(["passwordFile", "cluster"]);
  });

  it("reads the password from its file, without the trailing newline", () => {
    const plan = planConnection(RedisClientOptions.parse({ passwordFile: secret }))._unsafeUnwrap();
    expect(plan.kind === "standalone" && plan.options.password).toBe("s3cret");
  });

  it("answers a ValidationError naming the field when a secret file cannot be read", () => {
    const result = createRedisClient({ passwordFile: join(dir, "missing"), tls: { caFile: join(dir, "nope.pem") } });
    expect(result._unsafeUnwrapErr().issues[0]?.path).toEqual(["passwordFile"]);
    const tls = planConnection(RedisClientOptions.parse({ tls: { caFile: join(dir, "nope.pem") } }));
    expect(tls._unsafeUnwrapErr().issues[0]?.path).toEqual(["tls", "caFile"]);
  });

  it("fixes the failure-handling settings whatever is passed through", () => {
    const plan = planConnection(
      RedisClientOptions.parse({ commandTimeoutMs: 123, ioredis: { commandTimeout: 99_999, maxRetriesPerRequest: 20, connectionName: "x" } }),
    )._unsafeUnwrap();
    expect(plan.kind).toBe("standalone");
    if (plan.kind !== "standalone") return;
    expect(plan.options).toMatchObject({ maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false, connectionName: "x" });
    // The client bounds standalone commands with its own deadline queue, so no ioredis timer may be added on top.
    expect(plan.options.commandTimeout).toBeUndefined();
  });

  it("plans Sentinel and Cluster connections with the same settings", () => {
    const sentinel = planConnection(
      RedisClientOptions.parse({ sentinel: { sentinels: [{ host: "s1", port: 26379 }], masterName: "mymaster", sentinelPasswordFile: secret } }),
    )._unsafeUnwrap();
    expect(sentinel.kind === "standalone" && sentinel.options).toMatchObject({ name: "mymaster", role: "master", sentinelPassword: "s3cret" });
    const cluster = planConnection(RedisClientOptions.parse({ cluster: { nodes: [{ host: "c1", port: 7000 }] }, password: "p" }))._unsafeUnwrap();
    expect(cluster.kind === "cluster" && cluster.options.redisOptions).toMatchObject({ password: "p", commandTimeout: 500, maxRetriesPerRequest: 0 });
  });

  it("backs off from 50 ms, doubling, capped (with at most 20 % jitter below the cap)", () => {
    expect([1, 2, 3, 4].map((n) => reconnectDelay(n, 2_000, () => 1))).toEqual([50, 100, 200, 400]);
    expect(reconnectDelay(30, 2_000, () => 1)).toBe(2_000);
    expect(reconnectDelay(30, 2_000, () => 0)).toBe(1_600);
  });
});

describe("Adapter options", () => {
  const client = createRedisClient({ url: "redis://127.0.0.1:1", connectTimeoutMs: 100 })._unsafeUnwrap();

  it("validates each adapter's own options", () => {
    expect(createRedisCache(client, { invalidateBatchSize: 0 })._unsafeUnwrapErr().issues[0]?.path).toEqual(["invalidateBatchSize"]);
    const limiter = createRedisRateLimiter(client, { points: 0, durationMs: 1_000, insuranceFraction: 2 });
    expect(limiter._unsafeUnwrapErr().issues.map((i) => i.path.join("."))).toEqual(["points", "insuranceFraction"]);
    void client.close();
  });
});
