import type { AttributeValue as PortAttributeValue, Span as PortSpan } from "@hexkit/core";
import {
  type AttributeValue,
  type Attributes,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
} from "@opentelemetry/api";
import { type InstrumentationScope, addHrTimes, hrTimeDuration, isAttributeValue, isTimeInput, millisToHrTime, timeInputToHrTime } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan, Span as SdkSpan, SpanProcessor, TimedEvent } from "@opentelemetry/sdk-trace-base";
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from "@opentelemetry/semantic-conventions";
import { recordErrorOn } from "./record-error.js";
import type { SpanLimits } from "./span-limits.js";
import type { MintedSpan } from "./traceparent-minter.js";

/** What every span of one tracer shares: one reference per span instead of four. */
export interface SpanSink {
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly limits: SpanLimits;
  /** Told of every recorded span as it starts and ends (the tracer's span processors). */
  readonly processor: SpanProcessor;
}

const unset: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const notEnded: HrTime = Object.freeze([0, 0]) as unknown as HrTime;
const noDuration: HrTime = Object.freeze([-1, -1]) as unknown as HrTime;
/** The events and links of a span that has none: replaced by an array of its own on first write. */
const none = Object.freeze([]) as unknown as never[];

/**
 * A sampled span, recorded for the tracer's span processors: the port's Span
 * and the SDK's (API span plus ReadableSpan) in one object, so exporters,
 * batch and simple processors take it as they take an SDK span.
 *
 * Why not the SDK's own Span: its constructor reads two clocks into three
 * HrTime arrays, copies the start attributes twice, checks every attribute
 * against its limits one call at a time, and builds a metrics closure; the
 * port wrapped it in one more object. Here the clocks are two numbers turned
 * into HrTime only when an exporter reads them, empty events, links and
 * status are shared until first written, and the span is its own port Span.
 * Limits, status rules and the SDK's timing (wall-clock start, monotonic
 * duration) are the same. Calls on an ended span are ignored.
 */
export class RecordedSpan implements PortSpan, SdkSpan, ReadableSpan, MintedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly kind: SpanKind;
  // Declared without a value, so every span has the property (one object shape), set only for a child.
  readonly parentSpanContext?: SpanContext;
  name: string;
  readonly attributes: Attributes = {};
  events: TimedEvent[] = none;
  links: Link[] = none;
  status: SpanStatus = unset;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  ended = false;
  readonly #context: SpanContext;
  readonly #sink: SpanSink;
  readonly #startWall: number;
  readonly #startPerf: number;
  #endPerf = -1;
  #attributeCount = 0;

  constructor(
    sink: SpanSink,
    context: SpanContext,
    /** The span's W3C traceparent (flag 01), as minted with its ids. */
    readonly traceparent: string,
    name: string,
    kind: SpanKind,
    parent: SpanContext | undefined,
    attributes: Readonly<Record<string, PortAttributeValue>> | undefined,
  ) {
    // Both clocks, as the SDK reads them: the wall clock's whole millisecond
    // for the start (never before a Date.now() read before the span began),
    // the monotonic one for the duration.
    this.#startWall = Date.now();
    this.#startPerf = performance.now();
    this.#sink = sink;
    this.#context = context;
    this.traceId = context.traceId;
    this.spanId = context.spanId;
    this.name = name;
    this.kind = kind;
    if (parent !== undefined) this.parentSpanContext = parent;
    if (attributes !== undefined) for (const key in attributes) this.#set(key, attributes[key]);
  }

  get resource(): Resource {
    return this.#sink.resource;
  }

  get instrumentationScope(): InstrumentationScope {
    return this.#sink.instrumentationScope;
  }

  /** Wall-clock start, in whole milliseconds (as the SDK's). */
  get startTime(): HrTime {
    return millisToHrTime(this.#startWall);
  }

  /** Start plus the time measured on the monotonic clock (as the SDK's). */
  get endTime(): HrTime {
    return this.#endPerf < 0 ? notEnded : addHrTimes(this.startTime, millisToHrTime(this.#endPerf - this.#startPerf));
  }

  get duration(): HrTime {
    return this.#endPerf < 0 ? noDuration : hrTimeDuration(this.startTime, this.endTime);
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  setAttribute(key: string, value: AttributeValue | null | undefined): this {
    if (!this.ended) this.#set(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (!this.ended) for (const key in attributes) this.#set(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const { eventCountLimit, attributePerEventCountLimit } = this.#sink.limits;
    if (eventCountLimit === 0) {
      this.droppedEventsCount++;
      return this;
    }
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) time ??= attributesOrTime;
    else attributes = attributesOrTime;
    const kept = this.#limited(attributes, attributePerEventCountLimit);
    const event: TimedEvent = { name, attributes: kept.attributes, time: time === undefined ? this.#now() : timeInputToHrTime(time), droppedAttributesCount: kept.dropped };
    if (this.events === none) this.events = [];
    if (this.events.length >= eventCountLimit) {
      this.events.shift();
      this.droppedEventsCount++;
    }
    this.events.push(event);
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    const { linkCountLimit, attributePerLinkCountLimit } = this.#sink.limits;
    if (linkCountLimit === 0) {
      this.droppedLinksCount++;
      return this;
    }
    if (this.links === none) this.links = [];
    if (this.links.length >= linkCountLimit) {
      this.links.shift();
      this.droppedLinksCount++;
    }
    const kept = this.#limited(link.attributes, attributePerLinkCountLimit);
    const stored: { -readonly [K in keyof Link]: Link[K] } = { context: link.context };
    if (Object.keys(kept.attributes).length > 0) stored.attributes = kept.attributes;
    if (kept.dropped > 0) stored.droppedAttributesCount = kept.dropped;
    this.links.push(stored);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  /** As the SDK's: UNSET is ignored, OK is final, an ERROR keeps a string message only. */
  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status =
      status.code === SpanStatusCode.ERROR && typeof status.message === "string" ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  /** The port's error recording: tag and message only, never a cause. */
  recordError(error: { readonly _tag: string; readonly message: string }): void {
    recordErrorOn(this, error);
  }

  /** The API's exception recording (for code on OpenTelemetry's API that holds this span), as the SDK does it. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Record<string, string> = {};
    if (typeof exception === "string") attributes[ATTR_EXCEPTION_MESSAGE] = exception;
    else if (typeof exception === "object" && (exception as Exception | null) !== null) {
      const type = exception.code === undefined ? exception.name : String(exception.code);
      if (type) attributes[ATTR_EXCEPTION_TYPE] = type;
      if (exception.message) attributes[ATTR_EXCEPTION_MESSAGE] = exception.message;
      if (exception.stack) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
    }
    if (attributes[ATTR_EXCEPTION_TYPE] !== undefined || attributes[ATTR_EXCEPTION_MESSAGE] !== undefined) this.addEvent("exception", attributes, time);
  }

  /** Ends the span (a later call does nothing) and hands it to the span processors. */
  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.#endPerf = endTime === undefined ? performance.now() : this.#perfOf(endTime);
    // A given end before the start: zero duration, as the SDK does.
    if (this.#endPerf < this.#startPerf) this.#endPerf = this.#startPerf;
    const processor = this.#sink.processor;
    processor.onEnding?.(this);
    this.ended = true;
    processor.onEnd(this);
  }

  /** Tells the span processors this span has started (the SDK does it in the span's constructor). */
  started(parent: Context): this {
    this.#sink.processor.onStart(this, parent);
    return this;
  }

  #now(): HrTime {
    return addHrTimes(this.startTime, millisToHrTime(performance.now() - this.#startPerf));
  }

  /** A given end time as a reading of the monotonic clock this span started on. */
  #perfOf(time: TimeInput): number {
    const hr = timeInputToHrTime(time);
    return this.#startPerf + (hr[0] * 1e3 + hr[1] / 1e6 - this.#startWall);
  }

  // null and undefined are possible from callers on OpenTelemetry's API, whatever its types say.
  #set(key: string, value: AttributeValue | null | undefined): void {
    if (value === undefined || value === null || key.length === 0) return;
    if (typeof value === "object" && !isAttributeValue(value)) return;
    const attributes = this.attributes as Record<string, AttributeValue>;
    const isNew = !Object.hasOwn(attributes, key);
    if (isNew && this.#attributeCount >= this.#sink.limits.attributeCountLimit) {
      this.droppedAttributesCount++;
      return;
    }
    attributes[key] = this.#cut(value);
    if (isNew) this.#attributeCount++;
  }

  /** A copy of `value` within the value length limit (arrays are always copied, as the SDK's sanitising does). */
  #cut(value: AttributeValue): AttributeValue {
    const limit = this.#sink.limits.attributeValueLengthLimit;
    if (typeof value === "string") return value.length > limit ? value.slice(0, limit) : value;
    if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === "string" && v.length > limit ? v.slice(0, limit) : v)) as AttributeValue;
    return value;
  }

  #limited(attributes: Attributes | undefined, limit: number): { attributes: Attributes; dropped: number } {
    const kept: Record<string, AttributeValue> = {};
    let count = 0;
    let dropped = 0;
    if (attributes !== undefined) {
      for (const key in attributes) {
        const value = attributes[key] as AttributeValue | null | undefined;
        if (value === undefined || value === null || key.length === 0 || !isAttributeValue(value)) continue;
        if (count >= limit) dropped++;
        else {
          kept[key] = this.#cut(value);
          count++;
        }
      }
    }
    return { attributes: kept, dropped };
  }
}
