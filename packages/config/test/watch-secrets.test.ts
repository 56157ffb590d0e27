import { renameSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ok } from "@hexkit/core";
import type { Internal, ValidationError } from "@hexkit/core";
import { z } from "zod";
import { resolveConfig, secret, watchSecrets } from "../src/index.js";
import type { SecretChange, SecretWatcher } from "../src/index.js";
import { tempDir } from "./fixtures.js";

const schema = z.object({
  redis: z.object({ url: z.string(), password: secret(z.string().min(8)) }),
  apiKey: secret(z.string()).optional(),
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(options: Parameters<typeof watchSecrets>[1] = {}) {
  const d = tempDir({ "secrets/redis": "first-password\n", "secrets/api": "key-1\n", "config.yaml": "redis:\n  url: redis://r\napiKey: file:secrets/api\n" });
  const resolved = resolveConfig(schema, { cwd: d.dir, argv: [], env: { HEXKIT__REDIS__PASSWORD_FILE: d.path("secrets/redis") } })._unsafeUnwrap();
  const errors: (ValidationError | Internal)[] = [];
  const watcher = watchSecrets(resolved, { watchFiles: false, onError: (e) => errors.push(e), ...options });
  cleanups.push(() => {
    watcher.close();
    d.cleanup();
  });
  return { d, resolved, watcher, errors };
}

const nextChange = (watcher: SecretWatcher, key: string): Promise<unknown> =>
  new Promise((resolve) => {
    const stop = watcher.subscribe(key, (value) => {
      stop();
      resolve(value);
    });
  });

describe("watchSecrets", () => {
  it("hands a rotated secret to its subscribers on reload, once", () => {
    const { d, watcher } = setup();
    const seen: unknown[] = [];
    const all: SecretChange[] = [];
    watcher.subscribe("redis.password", (value) => seen.push(value));
    watcher.subscribeAll((change) => all.push(change));
    writeFileSync(d.path("secrets/redis"), "second-password\n");
    expect(watcher.reload()).toEqual(ok([{ path: ["redis", "password"], key: "redis.password", value: "second-password", file: d.path("secrets/redis") }]));
    expect(watcher.reload()).toEqual(ok([]));
    expect({ seen, all: all.map((c) => c.key), current: watcher.current("redis.password") }).toEqual({
      seen: ["second-password"],
      all: ["redis.password"],
      current: "second-password",
    });
  });

  it("reloads file: references from the YAML too", () => {
    const { d, watcher } = setup();
    writeFileSync(d.path("secrets/api"), "key-2");
    expect(watcher.reload().map((changes) => changes.map((c) => [c.key, c.value]))).toEqual(ok([["apiKey", "key-2"]]));
  });

  it("reloads on a real SIGHUP", async () => {
    const { d, watcher } = setup();
    const changed = nextChange(watcher, "redis.password");
    writeFileSync(d.path("secrets/redis"), "after-sighup-password\n");
    process.kill(process.pid, "SIGHUP");
    expect(await changed).toBe("after-sighup-password");
  });

  it("reloads when a secret file is replaced by an atomic rename", async () => {
    const { d, watcher } = setup({ watchFiles: true, debounceMs: 10 });
    const changed = nextChange(watcher, "redis.password");
    writeFileSync(d.path("secrets/.redis.tmp"), "renamed-in-password\n");
    renameSync(d.path("secrets/.redis.tmp"), d.path("secrets/redis"));
    expect(await changed).toBe("renamed-in-password");
  });

  it("keeps the previous value of an invalid or unreadable file and reports it", () => {
    const { d, watcher, errors } = setup();
    const seen: unknown[] = [];
    watcher.subscribe("redis.password", (value) => seen.push(value));
    writeFileSync(d.path("secrets/redis"), "short\n");
    rmSync(d.path("secrets/api"));
    const result = watcher.reload();
    expect(result._unsafeUnwrapErr().issues).toEqual([
      { path: ["apiKey"], code: "secret_file_unreadable", message: `Cannot read secret file ${d.path("secrets/api")}: no such file`, source: d.path("secrets/api") },
      { path: ["redis", "password"], code: "too_small", message: "Must be at least 8 characters long, received 5", source: d.path("secrets/redis") },
    ]);
    expect({ seen, current: watcher.current("redis.password"), errors }).toEqual({ seen: [], current: "first-password", errors: [] });
  });

  it("reports a subscriber that throws and still notifies the others", () => {
    const { d, watcher, errors } = setup();
    const seen: unknown[] = [];
    watcher.subscribe("redis.password", () => {
      throw new Error("boom");
    });
    watcher.subscribe("redis.password", (value) => seen.push(value));
    writeFileSync(d.path("secrets/redis"), "third-password");
    watcher.reload();
    expect({ seen, errors: errors.map((e) => [e._tag, e.message]) }).toEqual({
      seen: ["third-password"],
      errors: [["Internal", "A subscriber to redis.password threw"]],
    });
  });

  it("stops listening for the signal when closed, and closing twice is harmless", () => {
    const before = process.listenerCount("SIGHUP");
    const { watcher } = setup();
    expect(process.listenerCount("SIGHUP")).toBe(before + 1);
    watcher.close();
    watcher.close();
    expect(process.listenerCount("SIGHUP")).toBe(before);
  });
});
