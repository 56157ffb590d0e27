import {
  type ContextStore,
  contextKeys,
  type LogFields,
  type Logger,
  type LogLevel,
  logLevels,
} from "@hexkit/core";
import { defaultRedactKeys, toLogRecord } from "./log-value.js";

/** One recorded line: the same shape the pino adapter writes (`level` name, `msg`, fields at the top). */
export type LogRecord = Readonly<Record<string, unknown>> & { readonly level: LogLevel; readonly msg: string; readonly time: number };

/** Options for `createRecordingLogger`. */
export interface RecordingLoggerOptions {
  /** Lines below this level are dropped. Default "trace" (keep everything). */
  readonly level?: LogLevel;
  /** When given, each line carries the context's `correlationId`, `traceId` and `tenantId`. */
  readonly context?: ContextStore;
  /** Time stamp of each line (epoch ms). Default `Date.now`. */
  readonly now?: () => number;
  /** Field names to redact, at any depth, compared lowercased. Default: authorization, cookie, password, token, secret. */
  readonly redact?: readonly string[];
}

/** A Logger that keeps its lines in memory for tests to read; children share the parent's record. */
export interface RecordingLogger extends Logger {
  /** Every line written (by this logger or any child), oldest first. */
  entries(): readonly LogRecord[];
  /** Lines with this exact message. */
  withMessage(msg: string): readonly LogRecord[];
  /** Forgets every line. */
  clear(): void;
}

const severity = new Map<LogLevel, number>(logLevels.map((level, i) => [level, i]));
const contextFields = [contextKeys.correlationId, contextKeys.traceId, contextKeys.tenantId] as const;

/**
 * A Logger for tests that records structured lines instead of writing them.
 * Implements the port fully (levels, children, `err` with its cause chain,
 * ambient context, redaction of secret fields at any depth), so it passes the
 * logger contract. Never throws; values are copied when written, so a later
 * mutation of a field does not change a recorded line.
 */
export function createRecordingLogger(options: RecordingLoggerOptions = {}): RecordingLogger {
  const records: LogRecord[] = [];
  const threshold = severity.get(options.level ?? "trace") ?? 0;
  const redact = new Set((options.redact ?? defaultRedactKeys).map((k) => k.toLowerCase()));
  const now = options.now ?? Date.now;

  const make = (bindings: Record<string, unknown>): RecordingLogger => {
    const enabled = (level: LogLevel): boolean => (severity.get(level) ?? 0) >= threshold;
    const write =
      (level: LogLevel) =>
      (msg: string, fields?: LogFields): void => {
        if (!enabled(level)) return;
        try {
          const ambient: Record<string, string> = {};
          const current = options.context?.current() ?? {};
          for (const key of contextFields) {
            const value = current[key];
            if (value !== undefined) ambient[key] = value;
          }
          records.push({ ...ambient, ...bindings, ...toLogRecord(fields, redact), level, msg, time: now() });
        } catch {
          // Logging cannot fail from the caller's point of view (a throwing context store included).
        }
      };
    return {
      trace: write("trace"),
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      fatal: write("fatal"),
      child: (more) => make({ ...bindings, ...toLogRecord(more, redact) }),
      isLevelEnabled: enabled,
      entries: () => records,
      withMessage: (msg) => records.filter((r) => r.msg === msg),
      clear() {
        records.length = 0;
      },
    };
  };
  return make({});
}
