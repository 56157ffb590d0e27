import { conflict, errAsync, ok, okAsync } from "@hexkit/core";
import { expect, it } from "vitest";
import { anyString, errTagged } from "../matchers.js";
import { idle, type JobQueueContractContext } from "./context.js";
import { done } from "./handlers.js";

/**
 * Job-queue contract, dead-letter operations: a dead letter can be replayed
 * with fresh attempts, an unknown one is `NotFound`, and dead letters are
 * listed newest first, at most `limit`.
 */
export function deadLetterGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled } = ctx;

  it("replays a dead-lettered job with fresh attempts", async () => {
    const attempts: number[] = [];
    let fail = true;
    start({
      work: (job) => (attempts.push(job.attempt), fail ? errAsync(conflict("not yet")) : okAsync(undefined)),
      other: done,
    });
    const { id } = (await queue().enqueue("work", { n: 1 }))._unsafeUnwrap();
    await settled({ ...idle, deadLettered: 1 });
    fail = false;
    expect(await queue().replayDeadLetter(id)).toEqual(ok({ id: anyString(), name: "work", deduplicated: false }));
    await until(() => attempts.length === 2, "the replayed job");
    await settled();
    expect(attempts).toEqual([1, 1]);
    expect(await queue().deadLetters()).toEqual(ok([]));
  });

  it("answers NotFound when replaying an unknown dead letter", async () => {
    expect(await queue().replayDeadLetter("no-such-job")).toEqual(errTagged("NotFound"));
  });

  it("lists dead letters newest first, at most `limit`", async () => {
    start({ work: () => errAsync(conflict("no")), other: done }, { concurrency: 1 });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      ids.push((await queue().enqueue("work", { n }))._unsafeUnwrap().id);
      await settled({ ...idle, deadLettered: n });
    }
    const listed = (await queue().deadLetters(2))._unsafeUnwrap();
    expect(listed.map((d) => d.id)).toEqual([ids[2], ids[1]]);
  });
}
