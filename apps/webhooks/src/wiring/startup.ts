import { type AppError, errAsync, type HealthCheck, type Logger, okAsync, type ResultAsync, unavailable } from "@hexkit/core";

/** One start-up step; retried until it succeeds (a database that is still starting must not crash us). */
export interface StartupStep {
  readonly name: string;
  run(): ResultAsync<unknown, AppError>;
}

/** Runs start-up steps in the background and reports readiness until they are done. */
export interface Startup {
  /** Starts the steps, in order. Idempotent. */
  start(): void;
  /** Resolves once every step has succeeded (or `stop` was called). Never rejects. */
  readonly done: Promise<void>;
  /** `Unavailable` naming the step in progress until every step has succeeded. */
  readonly readiness: HealthCheck;
  /** Stops retrying. Idempotent. */
  stop(): void;
}

/**
 * Runs `steps` one after the other in the background, each retried with a
 * capped backoff (ms, from `retryMs` up to 5 000) until it succeeds, so a
 * process can start before its database and catch up when it arrives.
 * Readiness (`/readyz`) fails until the last step succeeded.
 */
export function createStartup(steps: readonly StartupStep[], deps: { readonly logger: Logger; readonly retryMs?: number }): Startup {
  let current: string | undefined = steps[0]?.name;
  let started = false;
  let stopped = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

  const run = async (): Promise<void> => {
    for (const step of steps) {
      current = step.name;
      for (let attempt = 1; !stopped; attempt++) {
        const outcome = await step.run();
        if (outcome.isOk()) {
          deps.logger.info(`start-up step done: ${step.name}`, { step: step.name, attempts: attempt });
          break;
        }
        const delay = Math.min(5_000, (deps.retryMs ?? 250) * 2 ** Math.min(attempt - 1, 5));
        deps.logger.warn(`start-up step failed; retrying: ${step.name}`, { step: step.name, attempt, retryInMs: delay, err: outcome.error });
        await wait(delay);
      }
      if (stopped) break;
    }
    current = undefined;
    finish();
  };

  return {
    start() {
      if (started) return;
      started = true;
      void run();
    },
    done,
    readiness: {
      name: "startup",
      check: () => (current === undefined ? okAsync(undefined) : errAsync(unavailable("startup", undefined, `Starting: ${current}`))),
    },
    stop() {
      stopped = true;
      finish();
    },
  };
}

