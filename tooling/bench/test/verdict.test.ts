import { describe, expect, it } from "vitest";
import { verdictCell, verdictOf } from "../src/verdict.js";

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

  it("is unsure without a finite figure rather than guessing", () => {
    expect(verdictOf({ target: 0.9, estimates: [] })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95, Number.NaN] })).toBe("unsure");
    expect(verdictOf({ target: 0.9, estimates: [0.95], control: Number.NaN })).toBe("unsure");
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
    expect(verdictCell({ target: 0.9, estimates: [0.92] , control: 1.03 })).toBe("0.90× unsure (0.920×, control 1.030×)");
  });
});
