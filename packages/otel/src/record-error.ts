import type { SpanKind } from "@hexkit/core";
import { type Span as ApiSpan, SpanKind as ApiSpanKind, SpanStatusCode } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE } from "@opentelemetry/semantic-conventions";

/** The port's span kinds as OpenTelemetry's. */
export const apiSpanKind = {
  internal: ApiSpanKind.INTERNAL,
  server: ApiSpanKind.SERVER,
  client: ApiSpanKind.CLIENT,
  producer: ApiSpanKind.PRODUCER,
  consumer: ApiSpanKind.CONSUMER,
} as const satisfies Record<SpanKind, ApiSpanKind>;

/**
 * Records an error on an OpenTelemetry span: status ERROR with
 * `"<_tag>: <message>"`, `error.type = _tag`, and an `exception` event with
 * the tag and message. Only those two fields are read, so an `Internal`'s
 * `cause` (a stack, a driver error with connection details) never reaches the
 * trace backend.
 */
export function recordErrorOn(span: ApiSpan, error: { readonly _tag: string; readonly message: string }): void {
  const tag = error._tag;
  const message = error.message;
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${tag}: ${message}` });
  span.setAttribute(ATTR_ERROR_TYPE, tag);
  span.addEvent("exception", { [ATTR_EXCEPTION_TYPE]: tag, [ATTR_EXCEPTION_MESSAGE]: message });
}
