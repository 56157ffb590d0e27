import type { Span as PortSpan } from "@hexkit/core";
import type { SpanContext } from "@opentelemetry/api";
import type { MintedSpan } from "./traceparent-minter.js";

/**
 * A span that the sampler dropped: ids and trace flags only, so it still
 * propagates (`traceparent` with flag `00`) and parents spans started under
 * it, while every recording call does nothing. Nothing reaches the span
 * processors. The same role as the API's non-recording span, and also the
 * port's Span, so no wrapper is built per span.
 */
export class UnsampledSpan implements PortSpan, MintedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly #context: SpanContext;

  constructor(
    context: SpanContext,
    /** The span's W3C traceparent (flag 00), as minted with its ids. */
    readonly traceparent: string,
  ) {
    this.#context = context;
    this.traceId = context.traceId;
    this.spanId = context.spanId;
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  isRecording(): boolean {
    return false;
  }

  setAttribute(): this {
    return this;
  }

  setAttributes(): this {
    return this;
  }

  addEvent(): this {
    return this;
  }

  addLink(): this {
    return this;
  }

  addLinks(): this {
    return this;
  }

  setStatus(): this {
    return this;
  }

  updateName(): this {
    return this;
  }

  recordException(): void {
    // Not recorded: the trace was sampled out.
  }

  recordError(): void {
    // Not recorded: the trace was sampled out.
  }

  end(): void {
    // Nothing was recorded, so nothing is handed on.
  }
}
