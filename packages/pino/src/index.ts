/**
 * @hexkit/pino — the Logger port on pino: JSON lines with the ambient
 * request/job context, errors with their cause chain, secrets redacted, and
 * output that never blocks the event loop and is not lost on exit.
 */
export { createPinoLogger } from "./pino-logger.js";
export type { PinoLogger, PinoLoggerDeps } from "./pino-logger.js";
export { PinoLoggerOptions, defaultContextFields } from "./options.js";
export type { PinoLoggerConfig, PinoLoggerOptionsInput } from "./options.js";
export { defaultRedactedKeys } from "./redact.js";
export { serializeError } from "./serialize-error.js";
export type { SerializedError } from "./serialize-error.js";
