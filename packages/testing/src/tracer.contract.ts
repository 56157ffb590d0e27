import { type Attributes, type ContextStore, err, errAsync, ok, okAsync, type SpanKind, type Tracer } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractSetup, useHarness } from "./harness.js";
import { containing } from "./matchers.js";
import { afterAnAwait, finishedNamed, hex, remoteParent } from "./tracer-fixtures.js";

/** A span as the contract reads it back once it ended. */
export interface FinishedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  /** "error" once `recordError` was called (or `withSpan`'s Result was an Err). */
  readonly status: "unset" | "ok" | "error";
  /** The recorded error's tag and message, when the status is "error". */
  readonly error?: { readonly _tag: string; readonly message: string };
}

/** What a Tracer adapter's setup provides: the port, and the spans it finished (e.g. from an in-memory exporter). */
export interface TracerContractSubject {
  readonly tracer: Tracer;
  /** Every ended span, in the order they ended. */
  finishedSpans(): Promise<readonly FinishedSpan[]>;
  /**
   * The ContextStore the tracer keeps its active span in, when it keeps it in
   * one (then it must have `startSpanIn`; run `tracerInStoreContract` too).
   */
  readonly context?: ContextStore;
}

const parent = remoteParent;

/**
 * The Tracer port's specification, as tests: spans record name, kind and
 * attributes and are reported once ended (once); `withSpan` ends its span,
 * passes the Result through and marks the span failed on Err; spans started
 * inside a span (also after an await) are its children; concurrent flows keep
 * their own active span; `inject` writes a W3C `traceparent` for the active
 * span; `parent` continues a carrier's trace; a malformed carrier starts a new
 * trace instead of failing; `startSpanIn` is there exactly when the setup
 * names the ContextStore that holds the active span (its behaviour is
 * `tracerInStoreContract`'s).
 */
export function tracerContract(adapterName: string, setup: ContractSetup<TracerContractSubject>): void {
  describe(`Tracer contract: ${adapterName}`, () => {
    const harness = useHarness(setup);
    const tracer = (): Tracer => harness().subject.tracer;
    const finished = (): Promise<readonly FinishedSpan[]> => harness().subject.finishedSpans();
    const byName = (name: string): Promise<FinishedSpan> => finishedNamed(finished, name);

    it("reports a span once it ended, with its name, kind, ids and attributes", async () => {
      const span = tracer().startSpan("load", { kind: "client", attributes: { "db.system": "postgresql" } });
      span.setAttribute("rows", 3);
      span.setAttributes({ cached: false, table: "endpoints" });
      expect(await finished()).toEqual([]);
      span.end();
      span.end();
      expect(await finished()).toEqual([
        containing({
          name: "load",
          kind: "client",
          traceId: span.traceId,
          spanId: span.spanId,
          attributes: containing({ "db.system": "postgresql", rows: 3, cached: false, table: "endpoints" }),
        }),
      ]);
      expect(span.traceId).toEqual(hex(32));
      expect(span.spanId).toEqual(hex(16));
      expect((await byName("load")).parentSpanId).toBeUndefined();
    });

    it("has startSpanIn exactly when it keeps its active span in a ContextStore", () => {
      expect(typeof tracer().startSpanIn).toBe(harness().subject.context === undefined ? "undefined" : "function");
    });

    it("starts every root span in a new trace", () => {
      const a = tracer().startSpan("a");
      const b = tracer().startSpan("b");
      a.end();
      b.end();
      expect(a.traceId).not.toBe(b.traceId);
    });

    it("marks a span failed with the recorded error's tag and message", async () => {
      const span = tracer().startSpan("send");
      span.recordError({ _tag: "Timeout", message: "send timed out after 5000 ms" });
      span.end();
      expect(await byName("send")).toEqual(
        containing({ status: "error", error: { _tag: "Timeout", message: "send timed out after 5000 ms" } }),
      );
    });

    it("ends withSpan's span and passes an Ok through", async () => {
      expect(await tracer().withSpan("work", {}, () => okAsync(42))).toEqual(ok(42));
      const span = await byName("work");
      expect(span.status).not.toBe("error");
    });

    it("ends withSpan's span, marks it failed and passes an Err through", async () => {
      const failure = { _tag: "Unavailable", message: "redis is unavailable" };
      expect(await tracer().withSpan("work", {}, () => errAsync(failure))).toEqual(err(failure));
      expect(await byName("work")).toEqual(containing({ status: "error", error: failure }));
    });

    it("makes spans started inside withSpan its children, also after an await", async () => {
      await tracer().withSpan("parent", {}, (span) => {
        tracer().startSpan("sync-child").end();
        return afterAnAwait(() => {
          tracer().startSpan("async-child").end();
          return span;
        });
      });
      const parentSpan = await byName("parent");
      for (const name of ["sync-child", "async-child"]) {
        expect(await byName(name)).toEqual(containing({ traceId: parentSpan.traceId, parentSpanId: parentSpan.spanId }));
      }
    });

    it("keeps concurrent flows' active spans apart", async () => {
      const flow = (name: string) =>
        tracer().withSpan(name, {}, () =>
          afterAnAwait(() => {
            tracer().startSpan(`${name}-child`).end();
          }),
        );
      await Promise.all([flow("a"), flow("b")]);
      for (const name of ["a", "b"]) {
        const own = await byName(name);
        expect(await byName(`${name}-child`)).toEqual(containing({ traceId: own.traceId, parentSpanId: own.spanId }));
      }
    });

    it("injects a W3C traceparent for the active span, and nothing outside a span", async () => {
      expect(tracer().inject()).not.toHaveProperty("traceparent");
      expect(tracer().activeTraceId()).toBeUndefined();
      let seen: { carrier: Record<string, string>; traceId: string | undefined } | undefined;
      await tracer().withSpan("outer", {}, () => {
        seen = { carrier: tracer().inject(), traceId: tracer().activeTraceId() };
        return okAsync(undefined);
      });
      const outer = await byName("outer");
      expect(seen?.traceId).toBe(outer.traceId);
      expect(seen?.carrier.traceparent).toMatch(new RegExp(`^00-${outer.traceId}-${outer.spanId}-0[01]$`));
    });

    it("continues the trace of a parent carrier", async () => {
      const span = tracer().startSpan("consume", { kind: "consumer", parent: { traceparent: parent.traceparent } });
      span.end();
      expect(await byName("consume")).toEqual(
        containing({ kind: "consumer", traceId: parent.traceId, parentSpanId: parent.spanId }),
      );
    });

    it("runs withSpan under a parent carrier, with children under the new span", async () => {
      await tracer().withSpan("job", { parent: { traceparent: parent.traceparent } }, () => {
        tracer().startSpan("step").end();
        return okAsync(undefined);
      });
      const job = await byName("job");
      expect(job).toEqual(containing({ traceId: parent.traceId, parentSpanId: parent.spanId }));
      expect(await byName("step")).toEqual(containing({ traceId: parent.traceId, parentSpanId: job.spanId }));
    });

    it("tells a span's traceparent, when it does, as inject() writes it, with the parent's sampling", async () => {
      let told: { own: string | undefined; injected: string | undefined } | undefined;
      await tracer().withSpan("told", {}, (span) => {
        told = { own: span.traceparent, injected: tracer().inject().traceparent };
        return okAsync(undefined);
      });
      const dropped = tracer().startSpan("dropped", { parent: { traceparent: `00-${parent.traceId}-${parent.spanId}-00` } });
      dropped.end();
      // Optional in the port: an adapter that does not tell it has nothing to check here.
      expect(told?.own ?? told?.injected).toBe(told?.injected);
      expect(dropped.traceparent ?? `00-${parent.traceId}-${dropped.spanId}-00`).toBe(`00-${parent.traceId}-${dropped.spanId}-00`);
    });

    it("starts a new trace when the parent carrier is malformed", async () => {
      const span = tracer().startSpan("odd", { parent: { traceparent: "not-a-traceparent" } });
      span.end();
      const odd = await byName("odd");
      expect(odd.traceId).toEqual(hex(32));
      expect(odd.traceId).not.toBe(parent.traceId);
      expect(odd.parentSpanId).toBeUndefined();
    });
  });
}
