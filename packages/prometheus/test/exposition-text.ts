/**
 * Reads one sample from Prometheus text output: `series` is the metric name
 * with its label block exactly as rendered, e.g. `http_requests_total{route="/a"}`.
 * Returns undefined when no such line exists.
 */
export function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every sample line of `metric` (its name followed by a label block or a space). */
export function seriesOf(text: string, metric: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${metric}{`) || l.startsWith(`${metric} `));
}
