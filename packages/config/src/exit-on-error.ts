import type { Result, ValidationError } from "@hexkit/core";
import type { z } from "zod";
import { formatConfigError } from "./format-error.js";
import type { LoadConfigOptions } from "./load-config.js";
import { loadConfig } from "./load-config.js";

/** Exit status for a configuration error (`EX_CONFIG` from sysexits.h). */
export const EX_CONFIG = 78;

/** Where a failed load is reported. Defaults: `process.stderr` and `process.exit`. */
export interface ExitIo {
  readonly stderr?: (text: string) => void;
  readonly exit?: (code: number) => never;
}

const defaultStderr = (text: string): void => {
  process.stderr.write(text);
};
const defaultExit = (code: number): never => process.exit(code);

/**
 * Answers the config when `result` is `Ok`; otherwise prints its problems for a
 * person (no stack trace) and exits with code 78. Use it in a program's `main`.
 */
export function exitOnConfigError<C>(result: Result<C, ValidationError>, io: ExitIo = {}): C {
  if (result.isOk()) return result.value;
  (io.stderr ?? defaultStderr)(formatConfigError(result.error));
  return (io.exit ?? defaultExit)(EX_CONFIG);
}

/**
 * Loads the config and runs `main` with it; on failure prints the problems and
 * exits with code 78 without calling `main`. Answers what `main` answers.
 */
export function runWithConfig<S extends z.ZodType, R>(
  schema: S,
  main: (config: z.output<S>) => R,
  options: LoadConfigOptions & ExitIo = {},
): R {
  return main(exitOnConfigError(loadConfig(schema, options), options));
}
