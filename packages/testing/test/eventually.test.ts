import { describe, expect, it } from "vitest";
import { createFakeClock, eventually } from "@hexkit/testing";

describe("eventually", () => {
  it("advances in steps until the condition holds and answers the time advanced", async () => {
    const clock = createFakeClock(0);
    let ready = false;
    clock.setTimer(35, () => (ready = true));
    expect(await eventually((ms) => clock.advance(ms), () => ready)).toBe(40);
  });

  it("fails after the timeout, naming what it waited for", async () => {
    const clock = createFakeClock(0);
    await expect(eventually((ms) => clock.advance(ms), () => false, { timeoutMs: 50, what: "godot" })).rejects.toThrow(
      "Timed out after 50 ms waiting for godot",
    );
  });
});
