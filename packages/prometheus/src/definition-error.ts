/**
 * Thrown when an instrument is declared in a way that cannot work: a name or
 * label that Prometheus' conventions reject, bad buckets, or a second
 * declaration of the same name that disagrees with the first (another kind,
 * other labels, other buckets). Declarations happen while a service is
 * composed, so this fails the start, never a request: recording never throws.
 */
export class MetricDefinitionError extends Error {
  /** The name as it was declared. */
  readonly metric: string;

  constructor(metric: string, problem: string) {
    super(`Metric "${metric}": ${problem}`);
    this.name = "MetricDefinitionError";
    this.metric = metric;
  }
}
