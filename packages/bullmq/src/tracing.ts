import type { Attributes, Carrier, ContextStore, ResultAsync, SpanOptions, Tracer } from "@hexkit/core";

/** The optional ports that carry context from producer to worker. */
export interface PropagationDeps {
  readonly tracer?: Tracer | undefined;
  readonly context?: ContextStore | undefined;
}

/** Attributes every span of this adapter carries (OpenTelemetry messaging conventions). */
export function messagingAttributes(queueName: string, operation: "send" | "process", jobName?: string): Attributes {
  const attributes: Record<string, string> = {
    "messaging.system": "bullmq",
    "messaging.destination.name": queueName,
    "messaging.operation.type": operation,
  };
  if (jobName !== undefined) attributes["hexkit.job.name"] = jobName;
  return attributes;
}

/**
 * Runs `send` inside a producer span (when a Tracer is given) and hands it a
 * function that builds each job's carrier: the ambient context (correlation
 * id, tenant), then the caller's explicit carrier, then the producer span's
 * trace context, so the consumer span becomes a child of the producer span.
 */
export function withProducerSpan<T, E extends { readonly _tag: string; readonly message: string }>(
  deps: PropagationDeps,
  queueName: string,
  jobName: string | undefined,
  explicit: Carrier | undefined,
  send: (carrierFor: (explicit: Carrier | undefined) => Carrier) => ResultAsync<T, E>,
): ResultAsync<T, E> {
  const { tracer, context } = deps;
  const ambient = context?.inject();
  if (tracer === undefined) {
    return send((own) => (ambient === undefined ? (own ?? {}) : { ...ambient, ...own }));
  }
  const options: SpanOptions =
    explicit?.traceparent === undefined
      ? { kind: "producer", attributes: messagingAttributes(queueName, "send", jobName) }
      : { kind: "producer", attributes: messagingAttributes(queueName, "send", jobName), parent: explicit };
  return tracer.withSpan(`${queueName} send`, options, () => {
    const trace = tracer.inject();
    return send((own) => ({ ...ambient, ...own, ...trace }));
  });
}
