import { type ContextStore, type SpanInStore, type SpanOptions, type Tracer, okAsync } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractSetup, useHarness } from "./harness.js";
import { containing } from "./matchers.js";
import type { FinishedSpan, TracerContractSubject } from "./tracer.contract.js";
import { afterAnAwait, finishedNamed, hex, remoteParent } from "./tracer-fixtures.js";

/** A tracer that keeps its active span in `context`, the store it was built with. */
export interface TracerInStoreSubject extends TracerContractSubject {
  readonly context: ContextStore;
}

/** A ContextStore that is not the tracer's: `startSpanIn` must refuse it (only its identity matters here). */
const otherStore: ContextStore = {
  current: () => ({}),
  run: (_values, fn) => fn(),
  inject: () => ({}),
  extract: () => ({}),
};

/**
 * The optional `Tracer.startSpanIn`'s specification, as tests, for an
 * adapter configuration that keeps its active span in a ContextStore (run it
 * beside `tracerContract`): the span starts as `startSpan` would (carrier
 * parent, else the active span, else a new trace); its entries hold its
 * `traceparent` and `traceId`; inside the caller's `store.run` with them
 * (merged with the caller's own values) it is the active span, also after an
 * await, and only there; concurrent runs keep theirs apart; the caller's
 * `end()` reports it, failed after `recordError`; another store gets
 * `undefined`.
 */
export function tracerInStoreContract(adapterName: string, setup: ContractSetup<TracerInStoreSubject>): void {
  describe(`Tracer contract, startSpanIn: ${adapterName}`, () => {
    const harness = useHarness(setup);
    const tracer = (): Tracer => harness().subject.tracer;
    const store = (): ContextStore => harness().subject.context;
    const finished = (): Promise<readonly FinishedSpan[]> => harness().subject.finishedSpans();
    const byName = (name: string): Promise<FinishedSpan> => finishedNamed(finished, name);
    const startIn = (name: string, options?: SpanOptions): SpanInStore => {
      const started = tracer().startSpanIn?.(store(), name, options);
      expect(started, `startSpanIn(${name})`).toBeDefined();
      return started as SpanInStore;
    };

    it("answers a new root span and its entries: its traceparent and trace id", async () => {
      const { span, values } = startIn("GET /items/:id", { kind: "server", attributes: { "http.route": "/items/:id" } });
      expect(span.traceId).toEqual(hex(32));
      expect(span.spanId).toEqual(hex(16));
      const traceparent: unknown = expect.stringMatching(new RegExp(`^00-${span.traceId}-${span.spanId}-0[01]$`));
      expect(values).toEqual(containing({ traceparent, traceId: span.traceId }));
      span.end();
      const reported = await byName("GET /items/:id");
      expect(reported).toEqual(
        containing({ kind: "server", traceId: span.traceId, spanId: span.spanId, attributes: containing({ "http.route": "/items/:id" }) }),
      );
      expect(reported.parentSpanId).toBeUndefined();
    });

    it("answers new entries on every call, which the caller may extend with its own", () => {
      const first = startIn("a");
      const second = startIn("b");
      expect(first.values).not.toBe(second.values);
      expect(Object.isFrozen(first.values)).toBe(false);
      const seen = store().run(Object.assign(first.values, { correlationId: "req-2" }), () => ({
        traceId: tracer().activeTraceId(),
        correlationId: store().current().correlationId,
      }));
      first.span.end();
      second.span.end();
      expect(seen).toEqual({ traceId: first.span.traceId, correlationId: "req-2" });
    });

    it("makes the span active inside the caller's run, beside the caller's own values, also after an await", async () => {
      const { span, values } = startIn("request", { kind: "server" });
      const look = () => ({ traceId: tracer().activeTraceId(), traceparent: tracer().inject().traceparent });
      const seen = await store().run({ correlationId: "req-1", ...values }, () => {
        const now = { ...look(), correlationId: store().current().correlationId };
        tracer().startSpan("sync-child").end();
        return afterAnAwait(() => {
          tracer().startSpan("async-child").end();
          return { now, later: look() };
        });
      });
      span.end();
      const own = { traceId: span.traceId, traceparent: values.traceparent };
      expect(seen._unsafeUnwrap()).toEqual({ now: { ...own, correlationId: "req-1" }, later: own });
      for (const name of ["sync-child", "async-child"]) {
        expect(await byName(name)).toEqual(containing({ traceId: span.traceId, parentSpanId: span.spanId }));
      }
    });

    it("leaves the span inactive outside a run with its entries", () => {
      const { span } = startIn("not-yet");
      expect([tracer().activeTraceId(), tracer().inject().traceparent]).toEqual([undefined, undefined]);
      span.end();
    });

    it("continues the trace of a parent carrier", async () => {
      const { span, values } = startIn("consume", { kind: "consumer", parent: { traceparent: remoteParent.traceparent } });
      expect([span.traceId, values.traceId]).toEqual([remoteParent.traceId, remoteParent.traceId]);
      span.end();
      expect(await byName("consume")).toEqual(containing({ traceId: remoteParent.traceId, parentSpanId: remoteParent.spanId }));
    });

    it("starts the span as a child of the active span when no carrier is given", async () => {
      const outer = startIn("outer");
      const inner = store().run(outer.values, () => startIn("inner"));
      const underWithSpan = await tracer().withSpan("with-span", {}, () => okAsync(startIn("under-with-span")));
      for (const s of [inner.span, outer.span, underWithSpan._unsafeUnwrap().span]) s.end();
      expect(await byName("inner")).toEqual(containing({ traceId: outer.span.traceId, parentSpanId: outer.span.spanId }));
      const withSpan = await byName("with-span");
      expect(await byName("under-with-span")).toEqual(containing({ traceId: withSpan.traceId, parentSpanId: withSpan.spanId }));
    });

    it("keeps concurrent runs' active spans apart", async () => {
      const flow = (name: string) => {
        const { span, values } = startIn(name);
        return store()
          .run(values, () =>
            afterAnAwait(() => {
              tracer().startSpan(`${name}-child`).end();
            }),
          )
          .map(() => {
            span.end();
          });
      };
      await Promise.all([flow("a"), flow("b")]);
      for (const name of ["a", "b"]) {
        const own = await byName(name);
        expect(await byName(`${name}-child`)).toEqual(containing({ traceId: own.traceId, parentSpanId: own.spanId }));
      }
    });

    it("reports the span once when the caller ends it, failed with the error it recorded", async () => {
      const { span } = startIn("failing", { kind: "server" });
      span.setAttribute("http.response.status_code", 504);
      span.recordError({ _tag: "Timeout", message: "GET /slow did not finish within 1000 ms" });
      expect(await finished()).toEqual([]);
      span.end();
      span.end();
      expect(await finished()).toEqual([
        containing({
          name: "failing",
          status: "error",
          error: { _tag: "Timeout", message: "GET /slow did not finish within 1000 ms" },
          attributes: containing({ "http.response.status_code": 504 }),
        }),
      ]);
    });

    it("answers undefined for a store it does not keep its active span in", () => {
      expect(typeof tracer().startSpanIn).toBe("function");
      expect(tracer().startSpanIn?.(otherStore, "elsewhere")).toBeUndefined();
    });
  });
}
