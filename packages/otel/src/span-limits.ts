import { getNumberFromEnv } from "@opentelemetry/core";

/** How much one span keeps; past a count limit the excess is dropped and counted. */
export interface SpanLimits {
  readonly attributeCountLimit: number;
  /** Longer string values are cut to this many characters. */
  readonly attributeValueLengthLimit: number;
  readonly eventCountLimit: number;
  readonly linkCountLimit: number;
  readonly attributePerEventCountLimit: number;
  readonly attributePerLinkCountLimit: number;
}

/**
 * The SDK's span limits, read from the same environment variables with the
 * same defaults (128 of each, string values uncut), so spans started by the
 * port keep what an SDK span would.
 */
export function spanLimitsFromEnv(): SpanLimits {
  const read = (span: string, general?: string): number | undefined =>
    getNumberFromEnv(span) ?? (general === undefined ? undefined : getNumberFromEnv(general));
  return {
    attributeCountLimit: read("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "OTEL_ATTRIBUTE_COUNT_LIMIT") ?? 128,
    attributeValueLengthLimit: read("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT") ?? Infinity,
    eventCountLimit: read("OTEL_SPAN_EVENT_COUNT_LIMIT") ?? 128,
    linkCountLimit: read("OTEL_SPAN_LINK_COUNT_LIMIT") ?? 128,
    attributePerEventCountLimit: read("OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT") ?? 128,
    attributePerLinkCountLimit: read("OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT") ?? 128,
  };
}
