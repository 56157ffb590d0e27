import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { errAsync, notFound, ok, okAsync, ResultAsync, unavailable } from "@hexkit/core";
import { createRecordingMetrics } from "@hexkit/memory";
import { describe, expect, it } from "vitest";
import { createRedisCacheAside } from "../src/index.js";
import { deletePrefix, redisUrl, sleep, testClient, testPrefix } from "./helpers/redis-env.js";

const decode = (raw: unknown) => ok(raw as { readonly n: number });

function startChild(prefix: string, concurrency: number): { child: ChildProcessByStdio<Writable, Readable, null>; ready: Promise<void>; output: Promise<string> } {
  const fixture = fileURLToPath(new URL("./fixtures/cache-aside-child.ts", import.meta.url));
  const child = spawn(process.execPath, ["--conditions=@hexkit/source", "--import", "tsx", fixture, redisUrl, prefix, String(concurrency)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let buffer = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const output = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.startsWith("ready\n")) onReady();
    });
    child.on("exit", (code) => {
      if (code === 0) resolve(buffer.slice("ready\n".length).trim());
      else reject(new Error(`child exited with ${code}`));
    });
  });
  return { child, ready, output };
}

describe("Cache-aside across processes", () => {
  it("loads once for 3 processes × 25 concurrent misses of one key", async () => {
    const prefix = testPrefix("aside-procs");
    try {
      const children = Array.from({ length: 3 }, () => startChild(prefix, 25));
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.child.stdin.write("go\n");
      const outputs = await Promise.all(children.map((c) => c.output));
      const values = outputs.flatMap((o) => JSON.parse(o) as unknown[]);
      expect(values).toHaveLength(75);
      expect(values).toEqual(values.map(() => ({ n: 1 })));
      const counter = testClient();
      expect(await counter.run("get", (c) => c.get(`${prefix}loads`))).toEqual(ok("1"));
      await counter.close();
    } finally {
      await deletePrefix(prefix);
    }
  }, 60_000);

  it("loads once for 5 instances on separate connections × 20 concurrent misses", async () => {
    const prefix = testPrefix("aside-instances");
    const clients = Array.from({ length: 5 }, () => testClient());
    try {
      let loads = 0;
      const load = () =>
        ResultAsync.fromSafePromise(
          (async () => {
            loads++;
            await sleep(150);
            return { n: loads };
          })(),
        );
      const instances = clients.map((client) => createRedisCacheAside(client, { keyPrefix: prefix })._unsafeUnwrap());
      const results = await Promise.all(
        instances.flatMap((aside) => Array.from({ length: 20 }, () => aside.getOrSet("hot", load, { ttlMs: 10_000, decode }))),
      );
      expect(loads).toBe(1);
      expect(results).toEqual(results.map(() => ok({ n: 1 })));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await deletePrefix(prefix);
    }
  });

  it("answers a stale value at once and refreshes it in the background", async () => {
    const prefix = testPrefix("aside-swr");
    const client = testClient();
    try {
      const aside = createRedisCacheAside(client, { keyPrefix: prefix })._unsafeUnwrap();
      let n = 0;
      const load = () => okAsync({ n: ++n });
      const options = { ttlMs: 100, staleMs: 10_000, decode };
      expect(await aside.getOrSet("k", load, options)).toEqual(ok({ n: 1 }));
      await sleep(150);
      expect(await aside.getOrSet("k", load, options)).toEqual(ok({ n: 1 }));
      await sleep(100);
      expect(await aside.getOrSet("k", load, options)).toEqual(ok({ n: 2 }));
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });

  it("counts hits, misses and loads through the Metrics port", async () => {
    const prefix = testPrefix("aside-metrics");
    const client = testClient();
    const metrics = createRecordingMetrics();
    try {
      const aside = createRedisCacheAside(client, { keyPrefix: prefix, name: "endpoints" }, { metrics })._unsafeUnwrap();
      const load = () => okAsync({ n: 1 });
      await aside.getOrSet("k", load, { ttlMs: 10_000, decode });
      await aside.getOrSet("k", load, { ttlMs: 10_000, decode });
      await aside.getOrSet("k", load, { ttlMs: 10_000, decode });
      const event = (e: string) => metrics.value("hexkit_cache_aside_events_total", { cache: "endpoints", event: e });
      expect([event("miss"), event("load"), event("hit")]).toEqual([1, 1, 2]);
      expect(metrics.readHistogram("hexkit_cache_aside_load_duration_ms", { cache: "endpoints" })?.count).toBe(1);
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });
});

describe("Cache warm-up", () => {
  it("holds readiness back while it runs, then reports what it warmed and what failed", async () => {
    const prefix = testPrefix("warm");
    const client = testClient();
    try {
      const aside = createRedisCacheAside(client, { keyPrefix: prefix, warmUpConcurrency: 4 })._unsafeUnwrap();
      expect((await aside.readiness.check()).isOk()).toBe(true);
      const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
      const load = (key: string) =>
        key === "k3"
          ? errAsync(unavailable("origin"))
          : ResultAsync.fromSafePromise(sleep(20).then(() => ({ n: Number(key.slice(1)) })));
      const warming = aside.warm(keys, load, { ttlMs: 10_000, decode });
      const during = await aside.readiness.check();
      expect(during.isErr() && during.error._tag).toBe("Unavailable");
      const report = (await warming)._unsafeUnwrap();
      expect(report.warmed).toBe(11);
      expect(report.failed).toEqual([{ key: "k3", error: unavailable("origin") }]);
      expect(await aside.readiness.check()).toEqual(ok(undefined));
      const cached = await aside.cache.getMany(keys);
      expect(cached._unsafeUnwrap().filter((v) => v !== undefined)).toHaveLength(11);
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });

  it("with requireWarmUp, is unready until a warm-up has finished", async () => {
    const prefix = testPrefix("warm-required");
    const client = testClient();
    try {
      const aside = createRedisCacheAside(client, { keyPrefix: prefix, requireWarmUp: true })._unsafeUnwrap();
      expect((await aside.readiness.check()).isErr()).toBe(true);
      await aside.warm(["a"], () => errAsync(notFound("thing", "a")), { ttlMs: 10_000, decode });
      expect(await aside.readiness.check()).toEqual(ok(undefined));
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });
});
