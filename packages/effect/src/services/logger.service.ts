import type { LogFields, LogLevel, Logger } from "@hexkit/core";
import { Cause, Effect, Layer, Logger as EffectLogger, type LogLevel as EffectLogLevel, References } from "effect";
import { PortService } from "../port-service.js";

/** One log method as an Effect: writing a line cannot fail. */
export type LogEffect = (message: string, fields?: LogFields) => Effect.Effect<void>;

/** The `Logger` port as Effects. */
export interface LoggerServiceShape {
  readonly trace: LogEffect;
  readonly debug: LogEffect;
  readonly info: LogEffect;
  readonly warn: LogEffect;
  readonly error: LogEffect;
  readonly fatal: LogEffect;
  /** A logger whose every line carries `bindings` as well as this logger's own. */
  child(bindings: LogFields): LoggerServiceShape;
  /** True when a line at `level` would be written (to skip building costly fields). */
  isLevelEnabled(level: LogLevel): boolean;
}

/** The service over any `Logger` adapter (pino, the recording logger). */
export function makeLoggerService(logger: Logger): LoggerServiceShape {
  const method =
    (level: LogLevel): LogEffect =>
    (message, fields) =>
      Effect.sync(() => {
        logger[level](message, fields);
      });
  return {
    trace: method("trace"),
    debug: method("debug"),
    info: method("info"),
    warn: method("warn"),
    error: method("error"),
    fatal: method("fatal"),
    child: (bindings) => makeLoggerService(logger.child(bindings)),
    isLevelEnabled: (level) => logger.isLevelEnabled(level),
  };
}

const levels: Readonly<Record<EffectLogLevel.LogLevel, LogLevel | undefined>> = {
  All: "trace",
  Trace: "trace",
  Debug: "debug",
  Info: "info",
  Warn: "warn",
  Error: "error",
  Fatal: "fatal",
  None: undefined,
};

function text(message: unknown): { readonly msg: string; readonly rest: readonly unknown[] } {
  const parts = Array.isArray(message) ? (message as unknown[]) : [message];
  const [first, ...rest] = parts;
  return typeof first === "string" ? { msg: first, rest } : { msg: "", rest: parts };
}

/**
 * Effect's logger over a hexkit `Logger`: `Effect.log*` lines go to the port
 * at the matching level, with log annotations as fields, extra message parts
 * as `args`, and a non-empty cause as `err` (its squashed error).
 */
export function effectLoggerFrom(logger: Logger): EffectLogger.Logger<unknown, void> {
  return EffectLogger.make((options) => {
    const level = levels[options.logLevel];
    if (level === undefined || !logger.isLevelEnabled(level)) return;
    const { msg, rest } = text(options.message);
    const fields: Record<string, unknown> = { ...options.fiber.getRef(References.CurrentLogAnnotations) };
    if (rest.length > 0) fields.args = rest;
    if (options.cause.reasons.length > 0) fields.err = Cause.squash(options.cause);
    logger[level](msg, fields);
  });
}

/**
 * The `Logger` port as an Effect service (`@hexkit/Logger`).
 * `layerWithEffectLogger` also sends `Effect.log*` to the same port.
 */
export class LoggerService extends PortService<LoggerService, Logger, LoggerServiceShape>()("@hexkit/Logger", makeLoggerService) {
  /** Provides `LoggerService` and replaces Effect's loggers with one writing to the same port. */
  static readonly layerWithEffectLogger = (logger: Logger): Layer.Layer<LoggerService> =>
    Layer.merge(LoggerService.layer(logger), EffectLogger.layer([effectLoggerFrom(logger)]));
}
