import { describe, expect, it } from "vitest";
import { evaluateFlag, rolloutBucket } from "../src/index.js";

const keys = Array.from({ length: 10_000 }, (_, i) => `tenant_${i}`);

describe("rolloutBucket", () => {
  it("gives a key the same bucket every time, in [0, 100)", () => {
    for (const key of keys.slice(0, 500)) {
      const bucket = rolloutBucket("new-ui", key);
      expect(rolloutBucket("new-ui", key)).toBe(bucket);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
    }
  });

  it("is stable across releases (values pinned from an independent FNV-1a)", () => {
    // FNV-1a 32 of "f:a" is 0xcb268568 (3408299368), of "new-ui:tenant_1" 0x40028c88 (1073908872).
    expect(rolloutBucket("f", "a")).toBe(93.68);
    expect(rolloutBucket("new-ui", "tenant_1")).toBe(88.72);
  });

  it("salts buckets by flag, so different flags pick different keys first", () => {
    const inA = keys.filter((k) => rolloutBucket("flag-a", k) < 10);
    const inB = new Set(keys.filter((k) => rolloutBucket("flag-b", k) < 10));
    const overlap = inA.filter((k) => inB.has(k)).length;
    expect(overlap).toBeLessThan(inA.length / 2);
  });
});

describe("evaluateFlag", () => {
  it("is off for an unknown or disabled flag", () => {
    expect(evaluateFlag(undefined, "f", "k")).toBe(false);
    expect(evaluateFlag({ enabled: false }, "f", "k")).toBe(false);
    expect(evaluateFlag({ enabled: false, percentage: 100 }, "f", "k")).toBe(false);
  });

  it("is on for everyone at 100 percent (the default), key or not", () => {
    expect(evaluateFlag({ enabled: true }, "f")).toBe(true);
    expect(evaluateFlag({ enabled: true, percentage: 100 }, "f", "k")).toBe(true);
    expect(evaluateFlag({ enabled: true, percentage: 150 }, "f", "k")).toBe(true);
  });

  it("is off for everyone at 0 percent, and without a key below 100", () => {
    expect(keys.some((k) => evaluateFlag({ enabled: true, percentage: 0 }, "f", k))).toBe(false);
    expect(evaluateFlag({ enabled: true, percentage: 99 }, "f")).toBe(false);
  });

  it("only adds keys as the percentage rises", () => {
    let previous = new Set<string>();
    for (const percentage of [0, 1, 5, 10, 25, 50, 75, 99, 100]) {
      const on = new Set(keys.filter((k) => evaluateFlag({ enabled: true, percentage }, "rollout", k)));
      for (const k of previous) expect(on.has(k)).toBe(true);
      previous = on;
    }
    expect(previous.size).toBe(keys.length);
  });

  it.each([1, 10, 25, 50, 90])("turns on roughly %i%% of 10 000 keys", (percentage) => {
    const on = keys.filter((k) => evaluateFlag({ enabled: true, percentage }, "rollout", k)).length;
    expect(Math.abs(on / keys.length - percentage / 100)).toBeLessThan(0.02);
  });
});
