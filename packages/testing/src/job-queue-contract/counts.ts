import { conflict, errAsync, ok } from "@hexkit/core";
import { expect, it } from "vitest";
import { type JobQueueContractContext } from "./context.js";
import { gate } from "./handlers.js";

/**
 * Job-queue contract, counts: `counts()` reports waiting, delayed, active and
 * dead-lettered jobs.
 */
export function countsGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, settled } = ctx;

  it("counts waiting, delayed, active and dead-lettered jobs", async () => {
    await queue().enqueue("work", { n: 1 });
    await queue().enqueue("other", { text: "x" });
    await queue().enqueue("work", { n: 2 }, { delayMs: 60_000 });
    expect(await queue().counts()).toEqual(ok({ waiting: 2, delayed: 1, active: 0, deadLettered: 0 }));
    const g = gate();
    start({ work: g.handler, other: () => errAsync(conflict("no")) }, { concurrency: 2 });
    await settled({ waiting: 0, delayed: 1, active: 1, deadLettered: 1 });
    g.open();
    await settled({ waiting: 0, delayed: 1, active: 0, deadLettered: 1 });
  });
}
