/**
 * Structured logging, as a port. Writing a log line cannot fail from the
 * caller's point of view: methods return nothing and never throw. Adapters add
 * the ambient request/job context (correlation id, trace id, tenant) themselves.
 */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

/** Every level, from the most verbose to the most severe. */
export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const satisfies readonly LogLevel[];

/** Structured fields of a log line. `err` holds an error (or AppError) to serialise with its cause chain. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Writes one structured line at a level. */
export type LogMethod = (message: string, fields?: LogFields) => void;

export interface Logger {
  readonly trace: LogMethod;
  readonly debug: LogMethod;
  readonly info: LogMethod;
  readonly warn: LogMethod;
  readonly error: LogMethod;
  readonly fatal: LogMethod;
  /** A logger whose every line carries `bindings` as well as this logger's own. */
  child(bindings: LogFields): Logger;
  /** True when a line at `level` would be written (to skip building costly fields). */
  isLevelEnabled(level: LogLevel): boolean;
}
