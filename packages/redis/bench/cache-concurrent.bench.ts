import { defineBench } from "@hexkit/bench";
import { getOrSetOptions, load, parseReply, runInterleaved, setUp } from "./bench-support.js";

// The same comparison with 100 operations in flight: 100 workers, each on its
// own key (so single-flight never merges calls and every getOrSet does its own
// GET), against 100 workers doing raw ioredis GETs of the same keys. Two rows
// without targets show where the gap comes from: `cache.get` is the adapter
// alone (client.run, command deadline, ResultAsync), and GET + JSON.parse is
// the least any cache-aside that answers a parsed value must spend.
// The adapter's client coalesces the writes of one event-loop turn into one
// socket write (see src/client/write-coalescer.ts), which a raw ioredis
// connection with default options does not: that is most of the difference
// here. The auto-pipelined row is ioredis's own opt-in coalescing, for scale.
export default defineBench({
  kind: "custom",
  group: "redis: getOrSet hit vs raw GET (100 in flight)",
  baseline: "ioredis GET ×100",
  targets: { "getOrSet hit (Redis) ×100": 0.85 },
  run: async () => {
    const f = await setUp(100);
    const redisKeys = f.keys.map((k) => f.redisKey(k));
    try {
      return await runInterleaved(
        [
          { name: "ioredis GET ×100", inFlight: 100, op: (w) => f.raw.get(redisKeys[w] ?? "") },
          { name: "getOrSet hit (Redis) ×100", inFlight: 100, op: (w) => f.aside.getOrSet(f.keys[w] ?? "", load, getOrSetOptions) },
          { name: "cache.get (Redis) ×100", inFlight: 100, op: (w) => f.aside.cache.get(f.keys[w] ?? "") },
          { name: "ioredis GET + JSON.parse ×100", inFlight: 100, op: (w) => f.raw.get(redisKeys[w] ?? "").then(parseReply) },
          { name: "ioredis GET ×100, enableAutoPipelining", inFlight: 100, op: (w) => f.rawAutoPipelined.get(redisKeys[w] ?? "") },
        ],
        9,
        10_000,
      );
    } finally {
      await f.close();
    }
  },
});
