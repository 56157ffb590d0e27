import type { Logger } from "@hexkit/core";

/** A logger that writes nothing, keeping the lines for assertions. */
export function createSilentLogger(lines: { level: string; message: string; fields?: unknown }[] = []): Logger {
  const at =
    (level: string) =>
    (message: string, fields?: unknown): void => {
      lines.push({ level, message, fields });
    };
  const logger: Logger = {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    fatal: at("fatal"),
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}
