import {
  type ContextStore,
  err,
  internal,
  type Job,
  type JobError,
  type JobHandler,
  type Result,
} from "@hexkit/core";

function isResult(value: unknown): value is Result<void, JobError> {
  return typeof value === "object" && value !== null && typeof (value as { isOk?: unknown }).isOk === "function";
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

const notAResult = (job: Job): Result<void, JobError> => err(internal(`Job handler for ${job.name} did not return a Result`));
const threw = (job: Job, cause: unknown): Result<void, JobError> => err(internal(`Job handler for ${job.name} threw`, cause));

/**
 * Runs one handler and answers its Result; never rejects. A throw, a rejected
 * ResultAsync or a value that is not a Result is a bug in the handler and
 * becomes `Internal`, so the job dead-letters and the worker keeps going. With
 * a ContextStore, the handler runs inside the context carried by the job.
 *
 * One `then` on what the handler returned (a ResultAsync forwards it to its
 * own promise) rather than an `async` frame awaiting a thenable: this runs for
 * every job, and each extra promise is also one more for AsyncLocalStorage's
 * hook to see.
 */
export function runHandler(handler: JobHandler, job: Job, context: ContextStore | undefined): Promise<Result<void, JobError>> {
  try {
    const outcome: unknown = context === undefined ? handler(job) : context.run(context.extract(job.carrier), () => handler(job));
    if (!isThenable(outcome)) return Promise.resolve(isResult(outcome) ? outcome : notAResult(job));
    return Promise.resolve(
      outcome.then(
        (settled) => (isResult(settled) ? settled : notAResult(job)),
        (cause: unknown) => threw(job, cause),
      ),
    );
  } catch (cause) {
    return Promise.resolve(threw(job, cause));
  }
}
