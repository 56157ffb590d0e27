import {
  type ContextStore,
  err,
  internal,
  type Job,
  type JobError,
  type JobHandler,
  type Result,
  type ResultAsync,
} from "@hexkit/core";

function isResult(value: unknown): value is Result<void, JobError> {
  return typeof value === "object" && value !== null && typeof (value as { isOk?: unknown }).isOk === "function";
}

/**
 * Runs one handler and answers its Result; never rejects. A throw, a rejected
 * ResultAsync or a value that is not a Result is a bug in the handler and
 * becomes `Internal`, so the job dead-letters and the worker keeps going. With
 * a ContextStore, the handler runs inside the context carried by the job.
 */
export async function runHandler(
  handler: JobHandler,
  job: Job,
  context: ContextStore | undefined,
): Promise<Result<void, JobError>> {
  try {
    const invoke = (): ResultAsync<void, JobError> => handler(job);
    const outcome: unknown = await (context === undefined ? invoke() : context.run(context.extract(job.carrier), invoke));
    return isResult(outcome) ? outcome : err(internal(`Job handler for ${job.name} did not return a Result`));
  } catch (cause) {
    return err(internal(`Job handler for ${job.name} threw`, cause));
  }
}
