import type { z } from "zod";
import { EX_CONFIG } from "./exit-on-error.js";
import { formatConfigError } from "./format-error.js";
import { configJsonSchema } from "./json-schema.js";
import type { LoadConfigOptions } from "./load-config.js";
import { resolveConfig } from "./load-config.js";
import type { MarkdownReferenceOptions } from "./markdown-reference.js";
import { configMarkdownReference } from "./markdown-reference.js";
import { printConfig } from "./print-config.js";

/** Exit status for a command-line usage error (`EX_USAGE` from sysexits.h). */
export const EX_USAGE = 64;

/** Where a config command writes. Defaults: `process.stdout` and `process.stderr`. */
export interface CommandIo {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/** Usage text of `runConfigCommand`. */
export const configCommandUsage = `Usage: <program> config <command> [--config <file>]

Commands:
  check                 validate the configuration without starting anything
  print [--json] [--no-sources]
                        show the effective configuration, secrets redacted
  schema                print the JSON Schema of the config file
  reference             print the Markdown reference of every setting
`;

/**
 * Runs one config command for an application's CLI and answers its exit
 * status: 0 on success, 78 when the config is invalid, 64 on a usage error.
 * `args` is the command and its flags, e.g. `["check", "--config", "prod.yaml"]`;
 * the flags also reach `loadConfig` as its `argv`. Never calls `process.exit`.
 */
export function runConfigCommand(
  schema: z.ZodType,
  args: readonly string[],
  options: LoadConfigOptions & MarkdownReferenceOptions & CommandIo = {},
): number {
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const [command, ...rest] = args;
  const load = () => resolveConfig(schema, { ...options, argv: rest });
  switch (command) {
    case "check": {
      const result = load();
      if (result.isErr()) {
        stderr(formatConfigError(result.error));
        return EX_CONFIG;
      }
      const file = result.value.configFile;
      stdout(`Configuration is valid (${file === undefined ? "no config file" : file.display}).\n`);
      return 0;
    }
    case "print": {
      const result = load();
      if (result.isErr()) {
        stderr(formatConfigError(result.error));
        return EX_CONFIG;
      }
      stdout(printConfig(result.value, { format: rest.includes("--json") ? "json" : "yaml", sources: !rest.includes("--no-sources") }));
      return 0;
    }
    case "schema":
      stdout(JSON.stringify(configJsonSchema(schema), null, 2) + "\n");
      return 0;
    case "reference":
      stdout(configMarkdownReference(schema, options));
      return 0;
    default:
      stderr(command === undefined ? configCommandUsage : `Unknown config command "${command}".\n\n${configCommandUsage}`);
      return EX_USAGE;
  }
}
