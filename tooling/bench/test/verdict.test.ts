import { describe, expect, it } from "vitest";
import { signTestP, verdictCell, verdictOf } from "../src/verdict.js";

describe("verdictOf", () => {
  it("calls a target met when every estimate clears it and no control is named", () => {
    expect(verdictOf({ target: 0.9, estimates: [0.93, 0.91] })).toBe("met");
    expect(verdictOf({ target: 0.9, estimates: [0.9] })).toBe("met");
  });

  it("calls a target MISSED when every estimate falls short of it", () => {
    expect(verdictOf({ target: 0.9, estimates: [0.84, 0.85] })).toBe("MISSED");
  });

  it("is unsure when the estimators disagree about the side of the target", () => {
    // The run that prompted the rule: median per-round ratio 1.025×, ratio of medians 0.845×.
    expect(verdictOf({ target: 0.9, estimates: [1.025, 0.845] })).toBe("unsure");
  });

  it("needs a margin larger than the control's distance from 1.000×", () => {
    expect(verdictOf({ target: 0.9, estimates: [0.95], control: 1.03 })).toBe("met");
    expect(verdictOf({ target: 0.9, estimates: [0.92], control: 1.03 })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.88], control: 0.97 })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.86], control: 0.97 })).toBe("MISSED");
  });

  it("needs the rounds to agree beyond chance where the suite pairs rounds", () => {
    // A full run in a slow spell: control 0.976×, estimates 0.994× and 0.957×, rounds all over the place.
    const rounds = [1.135, 0.97, 0.754, 1.013, 0.83, 0.999, 0.625, 1.091, 0.994, 0.691];
    expect(verdictOf({ target: 0.9, estimates: [0.994, 0.957], control: 0.976 })).toBe("met");
    expect(verdictOf({ target: 0.9, estimates: [0.994, 0.957], control: 0.976, rounds })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95], rounds: [0.93, 0.95, 0.96, 0.97, 0.99] })).toBe("met");
    expect(verdictOf({ target: 0.9, estimates: [0.95], rounds: [0.89, 0.95, 0.96, 0.97, 0.99] })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.8], rounds: [0.7, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.95] })).toBe("MISSED");
    expect(verdictOf({ target: 0.9, estimates: [0.8], rounds: [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.95, 0.95] })).toBe("unsure");
  });

  it("is unsure without a finite figure rather than guessing", () => {
    expect(verdictOf({ target: 0.9, estimates: [] })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95, Number.NaN] })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95], control: Number.NaN })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95], rounds: [] })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95], rounds: [0.95, Number.NaN] })).toBe("unsure");
  });
});

describe("signTestP", () => {
  it("is the binomial tail of a fair coin", () => {
    expect(signTestP(5, 5)).toBeCloseTo(1 / 32, 12);
    expect(signTestP(9, 10)).toBeCloseTo(11 / 1024, 12);
    expect(signTestP(8, 10)).toBeCloseTo(56 / 1024, 12);
    expect(signTestP(12, 15)).toBeCloseTo(576 / 32768, 12);
    expect(signTestP(11, 15)).toBeCloseTo(1941 / 32768, 12);
    expect(signTestP(0, 7)).toBe(1);
  });
});

describe("verdictCell", () => {
  it("writes a decided verdict as the target and the word", () => {
    expect(verdictCell({ target: 0.9, estimates: [0.95, 0.96], control: 1.01 })).toBe("0.90× met");
    expect(verdictCell({ target: 0.85, estimates: [0.7] })).toBe("0.85× MISSED");
  });

  it("writes the figures that left an unsure verdict open", () => {
    expect(verdictCell({ target: 0.9, estimates: [1.025, 0.845], control: 1.089 })).toBe(
      "0.90× unsure (0.845–1.025×, control 1.089×)",
    );
    expect(verdictCell({ target: 0.9, estimates: [0.92], control: 1.03 })).toBe("0.90× unsure (0.920×, control 1.030×)");
    expect(verdictCell({ target: 0.9, estimates: [0.95, 0.94], rounds: [0.95, 0.95, 0.95, 0.95, 0.85] })).toBe(
      "0.90× unsure (0.940–0.950×, 4 of 5 rounds clear it)",
    );
    expect(verdictCell({ target: 0.9, estimates: [] })).toBe("0.90× unsure");
  });
});
