import { defineBench } from "@hexkit/bench";
import { getOrSetOptions, load, runInterleaved, setUp } from "./bench-support.js";

// What the L1 tier buys: a getOrSet hit answered in process against one that
// asks Redis, sequentially.
export default defineBench({
  kind: "custom",
  group: "redis: getOrSet hit, L1 vs Redis",
  baseline: "getOrSet hit (Redis)",
  targets: { "getOrSet hit (L1)": 5 },
  run: async () => {
    const f = await setUp(1);
    const key = f.keys[0] ?? "";
    try {
      // One read through the L1 instance fills its tier.
      await f.l1.getOrSet(key, load, getOrSetOptions);
      return await runInterleaved(
        [
          { name: "getOrSet hit (Redis)", inFlight: 1, op: () => f.aside.getOrSet(key, load, getOrSetOptions) },
          { name: "getOrSet hit (L1)", inFlight: 1, op: () => f.l1.getOrSet(key, load, getOrSetOptions) },
        ],
        9,
        2_500,
      );
    } finally {
      await f.close();
    }
  },
});
