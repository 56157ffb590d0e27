import { describe, expect, it } from "vitest";
import { median, pairedRatios } from "../src/stats.js";

describe("median", () => {
  it("takes the middle value, the upper middle for an even count, without reordering its input", () => {
    const values = [3, 1, 2, 10];
    expect(median(values)).toBe(3);
    expect(values).toEqual([3, 1, 2, 10]);
    expect(median([5, 1, 9])).toBe(5);
    expect(median([])).toBeNaN();
  });
});

describe("pairedRatios", () => {
  it("agrees with itself when every round moves both sides alike", () => {
    const baseline = [100, 200, 150];
    const own = baseline.map((v) => v * 0.9);
    const r = pairedRatios(own, baseline);
    expect(r.perRound).toBeCloseTo(0.9, 12);
    expect(r.ofMedians).toBeCloseTo(0.9, 12);
  });

  it("gives two different answers when the rounds are uneven, so a verdict can notice", () => {
    // Slow and fast spells that hit the two sides in different rounds.
    const baseline = [20, 20, 40, 40, 40];
    const own = [21, 21, 42, 30, 30];
    const r = pairedRatios(own, baseline);
    expect(r.perRound).toBeCloseTo(1.05, 12);
    expect(r.ofMedians).toBeCloseTo(0.75, 12);
    expect(r.rounds.map((x) => Number(x.toFixed(3)))).toEqual([1.05, 1.05, 1.05, 0.75, 0.75]);
  });

  it("answers NaN unless every round has one sample of each side", () => {
    expect(pairedRatios([1, 2], [1]).perRound).toBeNaN();
    expect(pairedRatios([], []).ofMedians).toBeNaN();
    expect(pairedRatios([1, 2], [1]).rounds).toEqual([]);
  });
});
