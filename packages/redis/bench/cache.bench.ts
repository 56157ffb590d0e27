import { defineBench } from "@hexkit/bench";
import { getOrSetOptions, load, parseReply, runInterleaved, setUp } from "./bench-support.js";

// The getOrSet hit path through the Redis adapter (core's cache-aside over the
// Redis cache: GET, envelope, freshness, decode) against a raw ioredis GET of
// the same key, one operation at a time. Both pay one round trip; the gap is
// our work per hit. `cache.get` (the adapter alone) and GET + JSON.parse (the
// least a reader of a parsed value spends) are reported without targets, and
// the baseline once more as a control.
// Compared per client CPU-second (see runInterleaved): one at a time, the
// wall-clock rate is mostly the round trip and the machine's other load.
export default defineBench({
  kind: "custom",
  group: "redis: getOrSet hit vs raw GET (sequential)",
  baseline: "ioredis GET",
  control: "ioredis GET again (control)",
  targets: { "getOrSet hit (Redis)": 0.85 },
  run: async () => {
    const f = await setUp(1);
    const key = f.keys[0] ?? "";
    const redisKey = f.redisKey(key);
    try {
      return await runInterleaved(
        [
          { name: "ioredis GET", inFlight: 1, op: () => f.raw.get(redisKey) },
          { name: "getOrSet hit (Redis)", inFlight: 1, op: () => f.aside.getOrSet(key, load, getOrSetOptions) },
          { name: "cache.get (Redis)", inFlight: 1, op: () => f.aside.cache.get(key) },
          { name: "ioredis GET + JSON.parse", inFlight: 1, op: () => f.raw.get(redisKey).then(parseReply) },
          // The baseline again, under another name: its distance from 1.000× is this run's noise.
          { name: "ioredis GET again (control)", inFlight: 1, op: () => f.raw.get(redisKey) },
        ],
        15,
        2_500,
      );
    } finally {
      await f.close();
    }
  },
});
