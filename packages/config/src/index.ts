/**
 * @hexkit/config — configuration from `config.yaml`, environment variables and
 * secret files, validated by the application's zod schema. Every problem is
 * reported at once, with its path and where its value came from.
 */
export { loadConfig, resolveConfig } from "./load-config.js";
export type { LoadConfigOptions, ResolvedConfig, SecretFileRef } from "./load-config.js";
export { secret, isSecret } from "./secret.js";
export { EX_CONFIG, exitOnConfigError, runWithConfig } from "./exit-on-error.js";
export type { ExitIo } from "./exit-on-error.js";
export { formatConfigError } from "./format-error.js";
export { configJsonSchema } from "./json-schema.js";
export type { ConfigJsonSchemaOptions, JsonSchema } from "./json-schema.js";
export { configMarkdownReference } from "./markdown-reference.js";
export type { MarkdownReferenceOptions } from "./markdown-reference.js";
export { printConfig, redactConfig, redactedText } from "./print-config.js";
export type { PrintConfigOptions } from "./print-config.js";
export { EX_USAGE, configCommandUsage, runConfigCommand } from "./config-command.js";
export type { CommandIo } from "./config-command.js";
export { watchSecrets } from "./watch-secrets.js";
export type { SecretChange, SecretWatcher, WatchSecretsOptions } from "./watch-secrets.js";
export { envVarName, envSegment, defaultEnvNaming } from "./env-names.js";
export type { EnvNaming } from "./env-names.js";
export { describeSource, formatPath } from "./value-source.js";
export type { ValueSource } from "./value-source.js";
export type { ConfigPath } from "./paths.js";
export type { ConfigFileRef } from "./config-file.js";
