import type { ContextStore, Logger, LogLevel } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractHarness, useHarness } from "./harness.js";
import { containing } from "./matchers.js";

/** What a Logger adapter's setup provides: the logger, and the ContextStore it reads the ambient context from. */
export interface LoggerContractSubject {
  readonly logger: Logger;
  readonly context: ContextStore;
}

/**
 * The harness of the logger contract: also the lines written so far, parsed.
 *
 * The line shape every Logger adapter writes (pino's, with level names):
 * `level` is the level's name (`"info"`), `msg` the message, fields and
 * bindings sit at the top level, `err` is an object with at least `message`
 * (and `_tag` for an AppError) and its `cause` serialised the same way, and
 * the context's `correlationId`, `traceId` and `tenantId` sit at the top level.
 * Other keys (`time`, `pid`, …) are allowed.
 */
export interface LoggerContractHarness extends ContractHarness<LoggerContractSubject> {
  /** Every line written since setup, parsed, oldest first. Synchronous: use a sync destination in tests. */
  lines(): Record<string, unknown>[];
}

/** Builds a fresh logger at `options.level` writing where `lines()` reads. Called before each test. */
export type LoggerContractSetup = (options: { readonly level: LogLevel }) => Promise<LoggerContractHarness>;

/** Field names whose values every Logger adapter must redact, at any of the first three levels of nesting. */
export const redactedFieldNames = ["authorization", "cookie", "password", "token", "secret"] as const;

/**
 * The Logger port's specification, as tests: level filtering, child bindings,
 * fields, `err` serialised with message and cause chain (and an AppError's
 * `_tag`), the ambient context in every line written inside `context.run`
 * (also after an await), redaction of secrets (`authorization`, `cookie`,
 * `password`, `token`, `secret`, nested too), and never throwing.
 */
export function loggerContract(adapterName: string, setup: LoggerContractSetup): void {
  describe(`Logger contract: ${adapterName}`, () => {
    const harness = useHarness(() => setup({ level: "info" }));
    const logger = (): Logger => harness().subject.logger;
    const lines = (): Record<string, unknown>[] => harness().lines();
    const only = (): Record<string, unknown> => {
      const written = lines();
      expect(written).toHaveLength(1);
      return written[0] ?? {};
    };

    it("writes a line with the level's name and the message", () => {
      logger().info("hello");
      expect(only()).toEqual(containing({ level: "info", msg: "hello" }));
    });

    it("writes only lines at or above its level", () => {
      const l = logger();
      l.trace("t");
      l.debug("d");
      l.info("i");
      l.warn("w");
      l.error("e");
      l.fatal("f");
      expect(lines().map((line) => [line.level, line.msg])).toEqual([
        ["info", "i"],
        ["warn", "w"],
        ["error", "e"],
        ["fatal", "f"],
      ]);
    });

    it("answers isLevelEnabled by its level", () => {
      expect(["trace", "debug", "info", "warn", "error", "fatal"].map((l) => logger().isLevelEnabled(l as LogLevel))).toEqual([
        false,
        false,
        true,
        true,
        true,
        true,
      ]);
    });

    it("writes fields at the top level of the line", () => {
      logger().info("order placed", { orderId: "o-1", count: 3, ok: true, nested: { a: 1 } });
      expect(only()).toEqual(containing({ msg: "order placed", orderId: "o-1", count: 3, ok: true, nested: { a: 1 } }));
    });

    it("adds a child's bindings to its lines, and not to its parent's", () => {
      const child = logger().child({ component: "worker" });
      child.child({ jobId: "j-1" }).warn("slow", { ms: 12 });
      logger().info("parent");
      const [fromChild, fromParent] = lines();
      expect(fromChild).toEqual(containing({ level: "warn", msg: "slow", component: "worker", jobId: "j-1", ms: 12 }));
      expect(fromParent).not.toHaveProperty("component");
    });

    it("serialises `err` with its message and cause chain", () => {
      const root = new Error("connection refused");
      logger().error("failed", { err: new Error("query failed", { cause: new Error("pool exhausted", { cause: root }) }) });
      const line = only();
      expect(line.err).toEqual(
        containing({
          message: expect.stringContaining("query failed") as unknown,
          cause: containing({
            message: expect.stringContaining("pool exhausted") as unknown,
            cause: containing({ message: expect.stringContaining("connection refused") as unknown }),
          }),
        }),
      );
    });

    it("serialises an AppError in `err` with its _tag, message and cause", () => {
      const error = { _tag: "Unavailable", message: "redis is unavailable", dependency: "redis", cause: new Error("ECONNREFUSED") };
      logger().error("cache down", { err: error });
      expect(only().err).toEqual(
        containing({
          _tag: "Unavailable",
          message: "redis is unavailable",
          cause: containing({ message: expect.stringContaining("ECONNREFUSED") as unknown }),
        }),
      );
    });

    it("adds the ambient context to lines written inside context.run, also after an await", async () => {
      const { context } = harness().subject;
      const values = { correlationId: "corr-1", traceId: "0af7651916cd43dd8448eb211c80319c", tenantId: "tenant-1" };
      await context.run(values, async () => {
        logger().info("before");
        await new Promise((resolve) => setImmediate(resolve));
        logger().child({ component: "x" }).info("after");
      });
      logger().info("outside");
      const [before, after, outside] = lines();
      expect(before).toEqual(containing({ msg: "before", ...values }));
      expect(after).toEqual(containing({ msg: "after", component: "x", ...values }));
      expect(outside).not.toHaveProperty("correlationId");
      expect(outside).not.toHaveProperty("tenantId");
    });

    it("redacts secret fields at the top level", () => {
      logger().info("login", {
        authorization: "Bearer s3cr3t-1",
        cookie: "sid=s3cr3t-2",
        password: "s3cr3t-3",
        token: "s3cr3t-4",
        secret: "s3cr3t-5",
        user: "alice",
      });
      const line = only();
      expect(JSON.stringify(line)).not.toContain("s3cr3t");
      expect(line).toEqual(containing({ user: "alice" }));
      for (const name of redactedFieldNames) expect(line).toHaveProperty(name);
    });

    it("redacts secret fields nested in objects", () => {
      logger().info("request", {
        headers: { authorization: "Bearer s3cr3t-6", cookie: "s3cr3t-7", accept: "application/json" },
        user: { credentials: { password: "s3cr3t-8", token: "s3cr3t-9" }, name: "alice" },
        config: { secret: "s3cr3t-10" },
      });
      const line = only();
      expect(JSON.stringify(line)).not.toContain("s3cr3t");
      expect(line).toEqual(
        containing({ headers: containing({ accept: "application/json" }), user: containing({ name: "alice" }) }),
      );
    });

    it("redacts secret fields in a child's bindings", () => {
      logger().child({ token: "s3cr3t-11", component: "api" }).info("x");
      const line = only();
      expect(JSON.stringify(line)).not.toContain("s3cr3t");
      expect(line).toEqual(containing({ component: "api" }));
    });

    it("never throws, even for a circular field", () => {
      const circular: Record<string, unknown> = { name: "loop" };
      circular.self = circular;
      expect(() => {
        logger().info("circular", { circular });
      }).not.toThrow();
      expect(only()).toEqual(containing({ msg: "circular" }));
    });
  });
}
