import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAsyncContextStore } from "@hexkit/memory";
import { err, internal, unavailable, validationError } from "@hexkit/core";
import type { ContextStore } from "@hexkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { createPinoLogger } from "../src/index.js";
import type { PinoLoggerOptionsInput } from "../src/index.js";
import { collectingDestination } from "./collect.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function make(options: PinoLoggerOptionsInput = {}, context?: ContextStore) {
  const destination = collectingDestination();
  const logger = createPinoLogger({ pidAndHostname: false, timestamp: "none", ...options }, { destination, ...(context ? { context } : {}) })._unsafeUnwrap();
  closers.push(() => logger.close());
  return { logger, destination, lines: () => destination.lines() };
}

describe("createPinoLogger: options", () => {
  it("answers every invalid option at once, without throwing", () => {
    const result = createPinoLogger({ level: "verbose" as never, redact: { maxDepth: 0 }, destination: { path: "" } });
    expect(result).toEqual(
      err(
        validationError([
          { path: ["level"], code: "invalid_value", message: 'Invalid option: expected one of "trace"|"debug"|"info"|"warn"|"error"|"fatal"' },
          { path: ["redact", "maxDepth"], code: "too_small", message: "Too small: expected number to be >=1" },
          { path: ["destination", "path"], code: "too_small", message: "Too small: expected string to have >=1 characters" },
        ]),
      ),
    );
  });

  it("writes the level as a name, the name, the base fields, the time as chosen, and the message last", () => {
    const { logger, destination } = make({ name: "api", base: { service: "webhooks", version: 3 } });
    logger.warn("careful", { n: 1 });
    expect(destination.text()).toBe('{"level":"warn","service":"webhooks","version":3,"name":"api","n":1,"msg":"careful"}\n');
    const iso = make({ timestamp: "iso" });
    iso.logger.info("x");
    expect(iso.lines()[0]?.["time"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("adds pid and hostname unless told not to", () => {
    const destination = collectingDestination();
    const logger = createPinoLogger({ timestamp: "none" }, { destination })._unsafeUnwrap();
    logger.info("x");
    expect(Object.keys(destination.lines()[0] ?? {})).toEqual(["level", "pid", "hostname", "msg"]);
  });

  it("never formats the message as a printf template", () => {
    const { logger, lines } = make();
    logger.info("100%s done %d", { a: 1 });
    expect(lines()[0]?.["msg"]).toBe("100%s done %d");
  });
});

describe("createPinoLogger: errors", () => {
  it("serialises an Error with its type, stack, own properties and cause chain", () => {
    const { logger, lines } = make();
    const root = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", port: 6379 });
    logger.error("failed", { err: new TypeError("query failed", { cause: root }) });
    const written = lines()[0]?.["err"] as Record<string, unknown>;
    expect(written).toEqual({
      type: "TypeError",
      message: "query failed",
      stack: expect.stringContaining("TypeError: query failed") as unknown,
      cause: { type: "Error", message: "connect ECONNREFUSED", stack: expect.stringContaining("connect ECONNREFUSED") as unknown, code: "ECONNREFUSED", port: 6379 },
    });
  });

  it("serialises an AppError with its _tag, fields and the Error inside its cause", () => {
    const { logger, lines } = make();
    logger.error("cache down", { err: unavailable("redis", new Error("ECONNRESET")) });
    expect(lines()[0]?.["err"]).toEqual({
      type: "Unavailable",
      _tag: "Unavailable",
      message: "redis is unavailable",
      dependency: "redis",
      cause: { type: "Error", message: "ECONNRESET", stack: expect.stringContaining("ECONNRESET") as unknown },
    });
  });

  it("serialises errors under any key, aggregate errors, non-error causes and cycles", () => {
    const { logger, lines } = make();
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    logger.error("many", {
      failure: new AggregateError([new Error("one"), internal("two")], "both failed"),
      looped: b,
      plain: new Error("with text cause", { cause: "disk full" }),
    });
    const line = lines()[0] ?? {};
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === "stack" ? undefined : x))) as unknown;
    expect(strip(line)).toEqual({
      level: "error",
      msg: "many",
      failure: { type: "AggregateError", message: "both failed", errors: [{ type: "Error", message: "one" }, { type: "Internal", _tag: "Internal", message: "two" }] },
      looped: { type: "Error", message: "b", cause: { type: "Error", message: "a", cause: { type: "Error", message: "[Circular]" } } },
      plain: { type: "Error", message: "with text cause", cause: "disk full" },
    });
  });
});

describe("createPinoLogger: redaction", () => {
  it("redacts secret names at any depth, in lists, in request headers and inside errors", () => {
    const { logger, destination } = make();
    const axiosLike = Object.assign(new Error("Request failed with status code 401"), {
      config: { url: "https://api.example", headers: { Authorization: "Bearer s3cr3t-1" } },
    });
    logger.warn("outbound", {
      req: { method: "GET", headers: { "x-api-key": "s3cr3t-2", cookie: "s3cr3t-3", accept: "*/*" } },
      res: { headers: { "set-cookie": ["s3cr3t-4"] } },
      users: [{ name: "a", password: "s3cr3t-5" }],
      deep: { a: { b: { c: { d: { clientSecret: "s3cr3t-6" } } } } },
      err: axiosLike,
      apiKey: "s3cr3t-7",
      accessToken: "s3cr3t-8",
    });
    const line = destination.lines()[0] ?? {};
    expect(destination.text()).not.toContain("s3cr3t");
    expect(line).toMatchObject({
      req: { method: "GET", headers: { "x-api-key": "[Redacted]", cookie: "[Redacted]", accept: "*/*" } },
      res: { headers: { "set-cookie": "[Redacted]" } },
      users: [{ name: "a", password: "[Redacted]" }],
      err: { config: { url: "https://api.example", headers: { Authorization: "[Redacted]" } } },
    });
  });

  it("leaves the caller's objects untouched, frozen ones included", () => {
    const { logger, lines } = make();
    const fields = Object.freeze({ user: Object.freeze({ password: "pw", name: "a" }) });
    logger.info("x", fields);
    expect({ fields, written: lines()[0]?.["user"] }).toEqual({ fields: { user: { password: "pw", name: "a" } }, written: { password: "[Redacted]", name: "a" } });
  });

  it("redacts configured names and pino paths with the configured censor", () => {
    const { logger, lines } = make({ redact: { keys: ["SSN"], paths: ["card.number"], censor: "***" } });
    logger.info("x", { person: { ssn: "123" }, card: { number: "4111", brand: "visa" }, token: "t" });
    expect(lines()[0]).toEqual({ level: "info", msg: "x", person: { ssn: "***" }, card: { number: "***", brand: "visa" }, token: "***" });
  });

  it("stops looking below maxDepth, and redacts nothing by default when defaults are off", () => {
    const shallow = make({ redact: { maxDepth: 1 } });
    shallow.logger.info("x", { password: "a", nested: { password: "b" } });
    expect(shallow.lines()[0]).toEqual({ level: "info", msg: "x", password: "[Redacted]", nested: { password: "b" } });
    const off = make({ redact: { defaults: false } });
    off.logger.info("x", { password: "a" });
    expect(off.lines()[0]).toEqual({ level: "info", msg: "x", password: "a" });
  });
});

describe("createPinoLogger: context", () => {
  it("writes the well-known context fields by default, and every key with `all`", () => {
    const context = createAsyncContextStore();
    const picked = make({}, context);
    const all = make({ contextFields: "all" }, context);
    context.run({ correlationId: "c-1", tenantId: "t-1", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", user: "u" }, () => {
      picked.logger.info("x");
      all.logger.info("x");
    });
    expect(picked.lines()).toEqual([{ level: "info", correlationId: "c-1", tenantId: "t-1", msg: "x" }]);
    expect(all.lines()[0]).toEqual({
      level: "info",
      correlationId: "c-1",
      tenantId: "t-1",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      user: "u",
      msg: "x",
    });
  });

  it("lets a line's own field win over a context value of the same name", () => {
    const context = createAsyncContextStore();
    const { logger, lines } = make({}, context);
    context.run({ correlationId: "from-context" }, () => {
      logger.info("x", { correlationId: "explicit" });
    });
    expect(lines()).toEqual([{ level: "info", correlationId: "explicit", msg: "x" }]);
  });

  it("carries the request's correlation id into a job's lines through the job carrier", async () => {
    const context = createAsyncContextStore();
    const { logger, lines } = make({}, context);
    const queue: { carrier: Record<string, string> }[] = [];
    context.run({ correlationId: "req-42", tenantId: "acme" }, () => {
      logger.info("enqueue");
      queue.push({ carrier: context.inject() });
    });
    const job = queue[0]!;
    await context.run(context.extract(job.carrier), async () => {
      await Promise.resolve();
      logger.info("deliver");
    });
    expect(lines()).toEqual([
      { level: "info", correlationId: "req-42", tenantId: "acme", msg: "enqueue" },
      { level: "info", correlationId: "req-42", tenantId: "acme", msg: "deliver" },
    ]);
  });

  it("keeps each concurrent request's context apart across awaits", async () => {
    const context = createAsyncContextStore();
    const { logger, lines } = make({}, context);
    const request = (id: string) =>
      context.run({ correlationId: id }, async () => {
        for (let step = 0; step < 3; step++) {
          logger.info(`step ${step}`, { id });
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
    await Promise.all([request("a"), request("b"), request("c")]);
    const written = lines();
    expect(written).toHaveLength(9);
    expect(written.every((line) => line["correlationId"] === line["id"])).toBe(true);
  });

  it("works with a store that hands out a new context object on every call", () => {
    const values = { correlationId: "c-1" };
    const context: ContextStore = { current: () => ({ ...values }), run: (_v, fn) => fn(), inject: () => ({}), extract: () => ({}) };
    const { logger, lines } = make({}, context);
    logger.info("one");
    values.correlationId = "c-2";
    logger.info("two");
    logger.info("three");
    expect(lines().map((l) => [l["msg"], l["correlationId"]])).toEqual([["one", "c-1"], ["two", "c-2"], ["three", "c-2"]]);
  });

  it("applies context, errors and redaction to lines written through the pino escape hatch", () => {
    const context = createAsyncContextStore();
    const { logger, lines } = make({}, context);
    context.run({ correlationId: "c-9" }, () => {
      logger.pino.info({ req: { headers: { authorization: "Bearer x" } }, err: new Error("e") }, "from fastify");
    });
    expect(lines()[0]).toMatchObject({ correlationId: "c-9", req: { headers: { authorization: "[Redacted]" } }, err: { type: "Error", message: "e" }, msg: "from fastify" });
  });
});

describe("createPinoLogger: robustness and lifecycle", () => {
  it("never throws: not for a throwing getter, not after close", async () => {
    const { logger, lines } = make();
    const hostile = {
      get boom(): string {
        throw new Error("getter");
      },
    };
    expect(() => {
      logger.info("hostile", hostile);
    }).not.toThrow();
    await logger.close();
    await logger.close();
    expect(() => {
      logger.info("after close");
    }).not.toThrow();
    expect(lines().map((l) => l["msg"])).not.toContain("hostile");
  });

  it("writes every line to a file destination and releases it on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-"));
    const file = join(dir, "logs", "app.log");
    const logger = createPinoLogger({ destination: { path: file }, timestamp: "none", pidAndHostname: false, bufferBytes: 4096 })._unsafeUnwrap();
    for (let i = 0; i < 500; i++) logger.info("line", { i });
    await logger.flush();
    await logger.close();
    const written = readFileSync(file, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { i: number }).i);
    rmSync(dir, { recursive: true, force: true });
    expect(written).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it("writes synchronously when asked: the line is in the file when the call returns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-"));
    const file = join(dir, "sync.log");
    const logger = createPinoLogger({ destination: { path: file }, sync: true, timestamp: "none", pidAndHostname: false })._unsafeUnwrap();
    logger.info("now");
    const text = readFileSync(file, "utf8");
    await logger.close();
    rmSync(dir, { recursive: true, force: true });
    expect(text).toBe('{"level":"info","msg":"now"}\n');
  });

  it("answers an error for a log file it cannot open", () => {
    const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-"));
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "");
    const path = join(notADirectory, "logs", "app.log");
    const result = createPinoLogger({ destination: { path } });
    rmSync(dir, { recursive: true, force: true });
    expect(result).toEqual(err(validationError([{ path: ["destination", "path"], code: "unwritable", message: `Cannot open log file ${path}: ENOTDIR` }])));
  });

  it("formats lines for a person with pino-pretty when asked", () => {
    const { logger, destination } = make({ format: "pretty", pretty: { colorize: false, translateTime: "" } });
    logger.info("hello there", { orderId: "o-1", password: "pw" });
    const text = destination.text();
    expect(text).toMatch(/^INFO: hello there\n {4}orderId: "o-1"\n {4}password: "\[Redacted\]"\n$/);
  });
});
