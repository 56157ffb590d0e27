import type { ContextStore, LogFields, Logger, Result, ValidationError } from "@hexkit/core";
import { err, ok, validationError } from "@hexkit/core";
import { hostname } from "node:os";
import { pino } from "pino";
import type { DestinationStream, Logger as PinoInstance, LoggerOptions } from "pino";
import { contextChildren } from "./context-children.js";
import { contextMixin } from "./context-mixin.js";
import type { Destination } from "./destination.js";
import { givenDestination, openDestination, prettyDestination } from "./destination.js";
import { flushOnSignals } from "./exit-flush.js";
import type { PinoLoggerConfig, PinoLoggerOptionsInput } from "./options.js";
import { PinoLoggerOptions } from "./options.js";
import type { FieldPreparer } from "./redact.js";
import { defaultRedactedKeys, makeFieldPreparer } from "./redact.js";

/** What the logger needs besides its options. */
export interface PinoLoggerDeps {
  /** The ambient context; its values go on every line. Without it, lines carry no context. */
  readonly context?: ContextStore;
  /** A stream to write to instead of `options.destination` (tests, a custom transport). Never closed by the logger. */
  readonly destination?: DestinationStream;
}

/** The Logger port on pino, plus lifecycle. */
export interface PinoLogger extends Logger {
  /** Resolves once every line written so far has been handed to the destination. Never rejects. */
  flush(): Promise<void>;
  /**
   * Flushes, then closes the destination the logger opened and removes its
   * signal hook. Idempotent; lines written after it are dropped. Never rejects.
   */
  close(): Promise<void>;
  /** Lines dropped because the buffer held more than `maxBufferBytes`. */
  dropped(): number;
  /**
   * The underlying pino logger (for Fastify's `loggerInstance`). Its lines get
   * the same context, error serialisation and redaction.
   */
  readonly pino: PinoInstance;
}

const noFields: LogFields = Object.freeze({});
const passThrough = (value: unknown): unknown => value;

const timestamps = {
  epoch: pino.stdTimeFunctions.epochTime,
  iso: pino.stdTimeFunctions.isoTime,
  none: false,
} as const;

function pinoOptions(config: PinoLoggerConfig, prepare: FieldPreparer): LoggerOptions {
  const base = config.pidAndHostname ? { pid: process.pid, hostname: hostname(), ...config.base } : { ...config.base };
  return {
    level: config.level,
    ...(config.name === undefined ? {} : { name: config.name }),
    base: prepare(base),
    timestamp: timestamps[config.timestamp],
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => prepare(fields),
    },
    // Errors are serialised by `prepare`; pino's own err serializer would re-wrap them.
    serializers: { err: passThrough },
    ...(config.redact.paths.length > 0 ? { redact: { paths: config.redact.paths, censor: config.redact.censor } } : {}),
  };
}

interface WrapDeps {
  readonly prepare: FieldPreparer;
  readonly context: ContextStore | undefined;
  readonly contextFields: readonly string[] | "all";
}

function wrap(instance: PinoInstance, deps: WrapDeps): Logger {
  const { context } = deps;
  const target = context === undefined ? () => instance : contextChildren(instance, context, deps.contextFields);
  // One function per level with a named property access each: a keyed
  // `target()[level]` costs measurably on the hot path.
  // Logging must never throw into the caller (a getter that throws, a
  // destroyed destination after close): the line is lost, nothing else is.
  return {
    trace: (message, fields) => {
      try {
        target().trace(fields ?? noFields, message);
      } catch {
        /* see above */
      }
    },
    debug: (message, fields) => {
      try {
        target().debug(fields ?? noFields, message);
      } catch {
        /* see above */
      }
    },
    info: (message, fields) => {
      try {
        target().info(fields ?? noFields, message);
      } catch {
        /* see above */
      }
    },
    warn: (message, fields) => {
      try {
        target().warn(fields ?? noFields, message);
      } catch {
        /* see above */
      }
    },
    error: (message, fields) => {
      try {
        target().error(fields ?? noFields, message);
      } catch {
        /* see above */
      }
    },
    fatal: (message, fields) => {
      try {
        target().fatal(fields ?? noFields, message);
      } catch {
        /* see above */
      }
    },
    child: (bindings) => wrap(instance.child(deps.prepare(bindings as Record<string, unknown>)), deps),
    isLevelEnabled: (level) => instance.isLevelEnabled(level),
  };
}

/**
 * Creates the Logger port on pino. Lines are JSON (or pretty text in
 * development) with `level` as a name, `time`, `msg`, the line's fields, the
 * child's bindings and the ambient context (`correlationId`, `traceId`,
 * `tenantId`); errors are serialised with their cause chain; secret fields
 * are redacted by name at any depth up to `redact.maxDepth`. With the default
 * asynchronous destination a slow reader never blocks the event loop, and
 * buffered lines are written out on exit, on SIGTERM/SIGINT and by `close()`.
 * Answers a `ValidationError` for invalid options (or `pretty` without pino-pretty).
 */
export function createPinoLogger(options: PinoLoggerOptionsInput = {}, deps: PinoLoggerDeps = {}): Result<PinoLogger, ValidationError> {
  const parsed = PinoLoggerOptions.safeParse(options);
  if (!parsed.success) {
    return err(
      validationError(
        parsed.error.issues.map((issue) => ({
          path: issue.path.filter((key): key is string | number => typeof key !== "symbol"),
          message: issue.message,
          code: issue.code,
        })),
      ),
    );
  }
  const config = parsed.data;
  let destination: Destination;
  if (deps.destination === undefined) {
    const opened = openDestination(config);
    if ("error" in opened) return err(opened.error);
    destination = opened.ok;
  } else {
    destination = givenDestination(deps.destination);
  }
  if (config.format === "pretty") {
    const pretty = prettyDestination(destination, config);
    if ("error" in pretty) {
      void destination.end();
      return err(pretty.error);
    }
    destination = pretty.ok;
  }
  const prepare = makeFieldPreparer({
    keys: config.redact.defaults ? [...defaultRedactedKeys, ...config.redact.keys] : config.redact.keys,
    censor: config.redact.censor,
    maxDepth: config.redact.maxDepth,
  });
  const pinoConfig = pinoOptions(config, prepare);
  const instance = pino(pinoConfig, destination.stream);
  // The escape hatch is a second root on the same destination that reads the
  // context per line with pino's mixin: code that holds it (Fastify) makes
  // its own children, which the port's per-context children cannot reach.
  let escapeHatch: PinoInstance | undefined;
  const rawPino = (): PinoInstance =>
    (escapeHatch ??=
      deps.context === undefined ? instance : pino({ ...pinoConfig, ...contextMixin(deps.context, config.contextFields) }, destination.stream));
  const { flush, onWritten, pendingBytes, fd } = destination;
  const unhook =
    config.flushOnSignals && destination.buffered
      ? flushOnSignals({ flush, onWritten, pendingBytes, fd, deadlineMs: config.signalFlushTimeoutMs })
      : () => undefined;
  let closing: Promise<void> | undefined;
  return ok({
    ...wrap(instance, { prepare, context: deps.context, contextFields: config.contextFields }),
    flush: destination.flush,
    close: () =>
      (closing ??= (async () => {
        unhook();
        await destination.end();
      })()),
    dropped: destination.dropped,
    get pino() {
      return rawPino();
    },
  });
}
