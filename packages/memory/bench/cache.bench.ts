import { defineBench } from "@hexkit/bench";
import { createMemoryCache, createSystemClock } from "@hexkit/memory";

// A pool of keys so lookups are not one hot slot; every key is pre-filled so
// gets are hits. The cache runs with the real clock, as in production.
const keys = Array.from({ length: 1_000 }, (_, i) => `endpoint:tenant-${i % 50}:${i}`);
const value = JSON.stringify({ url: "https://example.com/hook", events: ["order.created"], secret: "whsec_x" });
const map = new Map<string, string>();
const cache = createMemoryCache({ clock: createSystemClock(), maxEntries: 10_000 });
let i = 0;
const nextKey = (): string => keys[i++ % keys.length] ?? "";

export default defineBench({
  kind: "micro",
  group: "memory: cache get/set",
  baseline: "Map get + set",
  timeMs: 700,
  setup: async () => {
    for (const key of keys) {
      map.set(key, value);
      await cache.set(key, value, 3_600_000);
    }
  },
  tasks: {
    "Map get + set": () => {
      const key = nextKey();
      map.get(key);
      map.set(key, value);
    },
    "memory cache get + set": async () => {
      const key = nextKey();
      await cache.get(key);
      await cache.set(key, value, 3_600_000);
    },
    "memory cache get (hit)": async () => {
      await cache.get(nextKey());
    },
    "memory cache set": async () => {
      await cache.set(nextKey(), value, 3_600_000);
    },
  },
  // A Map is synchronous; the port answers a ResultAsync (a promise per call),
  // so the cache is expected to be an order of magnitude slower, not more.
  targets: { "memory cache get + set": 0.05, "memory cache get (hit)": 0.08, "memory cache set": 0.07 },
});
