/** Options of `waitUntil`. */
export interface WaitUntilOptions {
  /** Give up after this much real time, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Real time between checks, in ms. Default 20. */
  readonly everyMs?: number;
  /** Named in the failure message. */
  readonly what?: string;
}

/**
 * Polls `condition` in REAL time until it holds; rejects with
 * `Timed out after <timeoutMs> ms waiting for <what>` once `timeoutMs` has
 * passed. For integration tests against real processes and servers; unit
 * tests use a fake clock and `eventually` instead.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, options: WaitUntilOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const everyMs = options.everyMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
