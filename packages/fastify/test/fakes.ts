import type { Counter, Histogram, Labels, LogFields, Logger, LogLevel, Metrics } from "@hexkit/core";

/** One recorded log line. */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** A logger that keeps every line (children share the parent's list). */
export function recordingLogger(lines: LogLine[] = [], bindings: LogFields = {}): Logger & { lines: LogLine[] } {
  const write = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    lines.push({ level, message, fields: { ...bindings, ...fields } });
  };
  return {
    lines,
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    fatal: write("fatal"),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
    isLevelEnabled: () => true,
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  child: () => silentLogger,
  isLevelEnabled: () => false,
};

/** Metrics that keep every observation by instrument name. */
export function recordingMetrics(): Metrics & { readonly observed: Map<string, { labels: Labels | undefined; value: number }[]> } {
  const observed = new Map<string, { labels: Labels | undefined; value: number }[]>();
  const record = (name: string, labels: Labels | undefined, value: number) => {
    const list = observed.get(name) ?? [];
    list.push({ labels, value });
    observed.set(name, list);
  };
  return {
    observed,
    counter: (d): Counter => ({
      inc: (labels, value = 1) => {
        record(d.name, labels, value);
      },
    }),
    gauge: (d) => ({
      set: (value, labels) => {
        record(d.name, labels, value);
      },
      inc: (labels, value = 1) => {
        record(d.name, labels, value);
      },
      dec: (labels, value = 1) => {
        record(d.name, labels, -value);
      },
    }),
    histogram: (d): Histogram => ({
      observe: (value, labels) => {
        record(d.name, labels, value);
      },
    }),
  };
}
