import { type EnqueueOptions, type Result, type ValidationIssue, err, ok, validationError, type ValidationError } from "@hexkit/core";

/** BullMQ's highest priority number (lowest priority). */
export const maxPriority = 2_097_152;

/**
 * Checks the options of one enqueue before they reach BullMQ (which would
 * throw on some and silently accept others), collecting every issue under
 * `path` (e.g. `["options"]`).
 */
export function checkEnqueueOptions(options: EnqueueOptions | undefined, path: readonly (string | number)[]): ValidationIssue[] {
  if (options === undefined) return [];
  const issues: ValidationIssue[] = [];
  const problem = (field: string, message: string): void => {
    issues.push({ path: [...path, field], message, code: "invalid_option" });
  };
  if (options.delayMs !== undefined && !(Number.isFinite(options.delayMs) && options.delayMs >= 0)) {
    problem("delayMs", "Must be a finite number of ms, at least 0");
  }
  if (options.priority !== undefined && !(Number.isInteger(options.priority) && options.priority >= 1 && options.priority <= maxPriority)) {
    problem("priority", `Must be an integer from 1 (highest) to ${maxPriority}`);
  }
  if (options.attempts !== undefined && !(Number.isInteger(options.attempts) && options.attempts >= 1)) {
    problem("attempts", "Must be an integer, at least 1");
  }
  if (options.idempotencyKey !== undefined && (options.idempotencyKey.length === 0 || options.idempotencyKey.length > 1_024)) {
    problem("idempotencyKey", "Must be 1 to 1024 characters");
  }
  return issues;
}

/** `checkEnqueueOptions` for a single enqueue, as a Result. */
export function validateEnqueueOptions(options: EnqueueOptions | undefined): Result<void, ValidationError> {
  const issues = checkEnqueueOptions(options, ["options"]);
  return issues.length === 0 ? ok(undefined) : err(validationError(issues));
}
