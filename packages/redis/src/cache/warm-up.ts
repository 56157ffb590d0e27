import { type Clock, errAsync, type HealthCheck, okAsync, ResultAsync, unavailable } from "@hexkit/core";

/** What one warm-up did. */
export interface WarmUpReport {
  /** Keys now cached (loaded, or found already cached). */
  readonly warmed: number;
  /** Keys whose load failed, with the error (the key stays cold; callers load it on demand). */
  readonly failed: readonly { readonly key: string; readonly error: unknown }[];
  /** Wall time of the whole warm-up, in ms. */
  readonly durationMs: number;
}

/** Tracks running warm-ups for a readiness check. */
export interface WarmUpTracker {
  /** Runs `work` for every key, at most `concurrency` at once, and reports. Never fails, never rejects. */
  run<E>(keys: readonly string[], work: (key: string) => ResultAsync<unknown, E>, concurrency: number): ResultAsync<WarmUpReport, never>;
  /** `Unavailable` while a warm-up runs (or, with `requireWarmUp`, until one has finished). */
  readonly readiness: HealthCheck;
}

/**
 * Warm-up bookkeeping: readiness is `Unavailable` from the moment a warm-up
 * starts until it finishes, so a service can start listening at once and
 * let `/readyz` hold traffic back until its hot keys are cached. A warm-up
 * whose loads fail still finishes (failures are in the report): a cold key
 * costs one load later, which is better than never becoming ready.
 */
export function createWarmUpTracker(name: string, clock: Clock, requireWarmUp: boolean): WarmUpTracker {
  let running = 0;
  let finished = 0;

  const run = <E>(keys: readonly string[], work: (key: string) => ResultAsync<unknown, E>, concurrency: number): ResultAsync<WarmUpReport, never> => {
    running++;
    const started = clock.now();
    const failed: { key: string; error: unknown }[] = [];
    let warmed = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const key = keys[next++] ?? "";
        try {
          const result = await work(key);
          if (result.isOk()) warmed++;
          else failed.push({ key, error: result.error });
        } catch (error) {
          // A load that throws is a bug, but it must not stop the rest or readiness.
          failed.push({ key, error });
        }
      }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(concurrency, keys.length)) }, () => worker());
    const done = Promise.all(workers).then((): WarmUpReport => {
      running--;
      finished++;
      return { warmed, failed, durationMs: clock.now() - started };
    });
    return ResultAsync.fromSafePromise(done);
  };

  return {
    run,
    readiness: {
      name: `${name}-warm-up`,
      check: () => {
        if (running > 0) return errAsync(unavailable(`${name}-warm-up`, undefined, `cache warm-up of ${name} is running`));
        if (requireWarmUp && finished === 0) return errAsync(unavailable(`${name}-warm-up`, undefined, `cache warm-up of ${name} has not run yet`));
        return okAsync(undefined);
      },
    },
  };
}
