import { defineBench } from "@hexkit/bench";
import { type Result, type ResultAsync, ok, okAsync } from "@hexkit/core";

// Five steps, alternating async I/O-like steps (andThen) and pure steps (map),
// the shape of a use case: load, shape, call, shape, store. Every variant
// computes the same number from the same input, so only the plumbing differs.

const loadA = (x: number): Promise<number> => Promise.resolve(x + 1);
const callB = (x: number): Promise<number> => Promise.resolve(x + 3);
const storeC = (x: number): Promise<number> => Promise.resolve(x * 5);

const asyncAwait = async (x: number): Promise<number> => {
  const a = await loadA(x);
  const b = a * 2;
  const c = await callB(b);
  const d = c - 1;
  return storeC(d);
};

const loadR = (x: number): ResultAsync<number, never> => okAsync(x + 1);
const callR = (x: number): ResultAsync<number, never> => okAsync(x + 3);
const storeR = (x: number): ResultAsync<number, never> => okAsync(x * 5);

const fiveSteps = (x: number): ResultAsync<number, never> =>
  loadR(x)
    .map((a) => a * 2)
    .andThen(callR)
    .map((c) => c - 1)
    .andThen(storeR);

const andThenOnly = (x: number): ResultAsync<number, never> =>
  loadR(x)
    .andThen((a) => ok(a * 2))
    .andThen(callR)
    .andThen((c) => ok(c - 1))
    .andThen(storeR);

// Result values through plain async/await: what the Result representation
// costs without ResultAsync's combinators.
const loadP = (x: number): Promise<Result<number, never>> => Promise.resolve(ok(x + 1));
const callP = (x: number): Promise<Result<number, never>> => Promise.resolve(ok(x + 3));
const storeP = (x: number): Promise<Result<number, never>> => Promise.resolve(ok(x * 5));
const awaitedResults = async (x: number): Promise<Result<number, never>> => {
  const a = await loadP(x);
  if (a.isErr()) return a;
  const c = await callP(a.value * 2);
  if (c.isErr()) return c;
  return storeP(c.value - 1);
};

let sink = 0;
const expected = 5 * ((1 + 1) * 2 + 3 - 1);

export default defineBench({
  kind: "micro",
  group: "core: 5-step ResultAsync chain vs async/await",
  baseline: "async/await",
  // Reported, never asserted. First run here (shared 2-core box): mixed chain 0.20x,
  // andThen-only 0.62x, async/await over Results 0.90x. Targets sit a little below.
  targets: {
    "ResultAsync andThen,map,andThen,map,andThen": 0.15,
    "ResultAsync andThen-only (5 x andThen)": 0.5,
    "async/await over Result values": 0.8,
  },
  timeMs: 1_500,
  setup: async () => {
    // Every variant must compute the same answer, or the comparison means nothing.
    const answers = [
      await asyncAwait(1),
      (await fiveSteps(1))._unsafeUnwrap(),
      (await andThenOnly(1))._unsafeUnwrap(),
      (await awaitedResults(1))._unsafeUnwrap(),
    ];
    if (answers.some((a) => a !== expected)) throw new Error(`bench variants disagree: ${answers.join(", ")}`);
  },
  tasks: {
    "async/await": async () => {
      sink += await asyncAwait(1);
    },
    "ResultAsync andThen,map,andThen,map,andThen": async () => {
      const r = await fiveSteps(1);
      if (r.isOk()) sink += r.value;
    },
    "ResultAsync andThen-only (5 x andThen)": async () => {
      const r = await andThenOnly(1);
      if (r.isOk()) sink += r.value;
    },
    "async/await over Result values": async () => {
      const r = await awaitedResults(1);
      if (r.isOk()) sink += r.value;
    },
  },
  teardown: () => {
    if (sink === 0) throw new Error("bench did no work");
  },
});
