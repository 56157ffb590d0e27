/**
 * A string map that carries trace and correlation context across a process
 * boundary: `traceparent`, `tracestate`, `x-request-id`, … (the headers of an
 * HTTP request, the data of a job). Its own file because the context and
 * tracer ports both speak it and neither should depend on the other for it.
 */
export type Carrier = Readonly<Record<string, string>>;
