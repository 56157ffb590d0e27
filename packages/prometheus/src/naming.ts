/**
 * How a declared metric is named and scaled in the exposition, and which
 * declarations Prometheus' own linter (`promtool check metrics`) would reject.
 *
 * The port's convention is milliseconds (`http_request_duration_ms`, core's
 * `latencyBucketsMs`); Prometheus' convention is base units and `_total` on
 * counters, and promtool fails a scrape that breaks it. So the adapter keeps
 * the caller's units and exposes base units: a `ms`/`milliseconds` segment
 * becomes `seconds` (values and buckets divided by 1000) and a counter gets
 * `_total` appended. Every other convention break is refused at declaration,
 * where it is a one-line fix, instead of failing every scrape later.
 */

/** The kinds of instrument the Metrics port declares. */
export type InstrumentKind = "counter" | "gauge" | "histogram";

/** The name and value scale a declared metric is exposed with. */
export interface Exposition {
  /** The name Prometheus sees, e.g. `http_request_duration_seconds`. */
  readonly name: string;
  /** Divisor from recorded values to exposed values (1, or 1000 for milliseconds to seconds). */
  readonly divisor: number;
}

const metricNamePattern = /^[a-z][a-z0-9_]*$/;
const labelNamePattern = /^[a-z][a-z0-9_]*$/;
const millisecondTokens = new Set(["ms", "milliseconds"]);
const abbreviatedUnits = new Set(["s", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"]);
const baseUnits = new Set(["amperes", "bytes", "celsius", "grams", "joules", "kelvin", "meters", "metres", "seconds", "volts"]);
const nonBaseUnits = new Set([
  "minutes", "hours", "days", "weeks", "kelvins", "fahrenheit", "rankine",
  "inches", "yards", "miles", "bits", "calories", "pounds", "ounces",
]);
const unitPrefixes = [
  "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto",
  "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
];
const typeNames = new Set(["counter", "gauge", "histogram", "summary", "gaugehistogram"]);

function isNonBaseUnit(segment: string): boolean {
  if (nonBaseUnits.has(segment)) return true;
  // "kilobytes", "microseconds": a prefixed unit is never a base unit.
  return unitPrefixes.some((p) => segment.startsWith(p) && (baseUnits.has(segment.slice(p.length)) || nonBaseUnits.has(segment.slice(p.length))));
}

/**
 * Returns how `declared` is exposed for an instrument of `kind`, or the
 * reason it cannot be (a sentence naming the fix). Pure and deterministic.
 */
export function exposition(kind: InstrumentKind, declared: string): Exposition | { readonly problem: string } {
  if (!metricNamePattern.test(declared) || declared.includes("__")) {
    return { problem: "metric names are snake_case: lowercase letters, digits and single underscores, starting with a letter" };
  }
  const segments = declared.split("_");
  if (segments.some((s) => s === "")) return { problem: "metric names have no empty segments (no leading, trailing or double underscores)" };
  if (kind === "counter" && segments.at(-1) === "total") segments.pop();
  else if (segments.at(-1) === "total") return { problem: `only counters end in "_total"; a ${kind} must not` };

  let divisor = 1;
  const msIndex = segments.findIndex((s) => millisecondTokens.has(s));
  if (msIndex !== -1) {
    if (segments.filter((s) => millisecondTokens.has(s)).length > 1) return { problem: "a metric name carries one unit" };
    segments[msIndex] = "seconds";
    divisor = 1000;
  }
  for (const s of segments) {
    if (abbreviatedUnits.has(s)) return { problem: `unit "${s}" is abbreviated; spell it in base units (e.g. "seconds", "bytes")` };
    if (isNonBaseUnit(s)) return { problem: `unit "${s}" is not a base unit; record in base units (seconds, bytes, meters, grams, …) or milliseconds` };
    if (typeNames.has(s)) return { problem: `the name must not carry a metric type ("${s}")` };
  }
  const last = segments.at(-1);
  if (kind !== "histogram" && (last === "bucket" || last === "count" || last === "sum")) {
    return { problem: `"_${last}" is reserved for histogram series` };
  }
  if (kind === "counter") segments.push("total");
  return { name: segments.join("_"), divisor };
}

/** Returns why `labelNames` cannot be used by an instrument, or undefined when they can. */
export function labelNamesProblem(labelNames: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (!labelNamePattern.test(label)) return `label "${label}" is not snake_case (lowercase letters, digits, underscores, starting with a letter)`;
    if (label === "le" || label === "quantile") return `label "${label}" is reserved by Prometheus for ${label === "le" ? "histogram buckets" : "summaries"}`;
    if (seen.has(label)) return `label "${label}" is listed twice`;
    seen.add(label);
  }
  return undefined;
}
