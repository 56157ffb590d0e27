import type { ValidationError } from "@hexkit/core";
import { formatPath } from "./value-source.js";

/**
 * The problems of a config that failed to load, for a person: one line per
 * problem with its setting, message and source. No stack trace, no JSON.
 *
 * ```
 * Invalid configuration: 2 problems
 *   - redis.port: Must be at most 65535, received 70000 (config.yaml:3:9)
 *   - reddis: Unknown setting "reddis"; did you mean "redis"? (config.yaml:5:1)
 * ```
 */
export function formatConfigError(error: ValidationError): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
    const source = issue.source === undefined ? "" : ` (${issue.source})`;
    return `  - ${where}${issue.message}${source}`;
  });
  return [error.message, ...lines].join("\n") + "\n";
}
