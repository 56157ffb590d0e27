import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { ValidationIssue } from "@hexkit/core";

/** Where the config file path came from, and whether it must exist. */
export interface ConfigFileRef {
  readonly file: string;
  /** Name used in sources: relative to the working directory when inside it. */
  readonly display: string;
  /** `--config`, the variable's name, `configPath`, or `default`. */
  readonly origin: string;
  /** False only for the default `./config.yaml`, which may be absent. */
  readonly required: boolean;
}

/** `--config x`, `--config=x` or `-c x` from `argv`, if present. */
export function configFlag(argv: readonly string[]): string | undefined {
  for (const [index, arg] of argv.entries()) {
    if (arg === "--") return undefined;
    if (arg === "--config" || arg === "-c") {
      const next = argv[index + 1];
      // A flag without its value must not silently fall back to another file.
      return next === undefined || next.startsWith("-") ? "" : next;
    }
    if (arg.startsWith("--config=")) return arg.slice("--config=".length);
  }
  return undefined;
}

/** Picks the config file: `configPath`, then `--config`, then the variable, then `./config.yaml`. */
export function findConfigFile(input: {
  readonly cwd: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly configPath: string | undefined;
  readonly configEnvVar: string;
  readonly defaultFile: string;
}): ConfigFileRef {
  const fromEnv = input.env[input.configEnvVar];
  const flag = configFlag(input.argv);
  const [path, origin, required] =
    input.configPath !== undefined
      ? [input.configPath, "configPath", true]
      : flag !== undefined
        ? [flag, "--config", true]
        : fromEnv !== undefined && fromEnv !== ""
          ? [fromEnv, input.configEnvVar, true]
          : [input.defaultFile, "default", false];
  const file = resolve(input.cwd, path);
  return { file, display: path === "" ? "" : displayPath(input.cwd, file), origin, required };
}

/** A path as a person reads it: relative to `cwd` when inside it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

function reason(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return typeof code === "string" ? code : cause instanceof Error ? cause.message : String(cause);
  }
}

/** Reads the config file: its text, `undefined` when an optional file is absent, or the problem. */
export function readConfigFile(ref: ConfigFileRef): { text: string | undefined } | { issue: ValidationIssue } {
  if (ref.display === "") {
    return { issue: { path: [], code: "config_file_not_found", message: `${ref.origin} needs a file path`, source: ref.origin } };
  }
  try {
    return { text: readFileSync(ref.file, "utf8") };
  } catch (cause) {
    const missing = (cause as { code?: unknown }).code === "ENOENT";
    if (missing && !ref.required) return { text: undefined };
    const message = missing ? `Config file not found: ${ref.file}` : `Cannot read config file ${ref.file}: ${reason(cause)}`;
    return { issue: { path: [], code: missing ? "config_file_not_found" : "config_file_unreadable", message, source: ref.origin } };
  }
}

/**
 * Reads a secret file. Trailing line breaks are removed (files written with
 * `echo` end in one); any other whitespace is part of the secret.
 */
export function readSecretFile(file: string): { value: string } | { error: string } {
  try {
    return { value: readFileSync(file, "utf8").replace(/[\r\n]+$/, "") };
  } catch (cause) {
    return { error: `Cannot read secret file ${file}: ${reason(cause)}` };
  }
}
