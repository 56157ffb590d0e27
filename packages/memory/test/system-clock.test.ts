import { describe, expect, it } from "vitest";
import { createSystemClock } from "@hexkit/memory";

describe("createSystemClock", () => {
  it("reads the wall clock", () => {
    const before = Date.now();
    const now = createSystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("resolves a sleep of 0 ms at once", async () => {
    await expect(createSystemClock().sleep(0)).resolves.toBeUndefined();
  });

  it("fires a due timer, and never a cancelled one", async () => {
    const clock = createSystemClock();
    const fired: string[] = [];
    const cancel = clock.setTimer(0, () => fired.push("cancelled"));
    cancel();
    await new Promise<void>((resolve) => {
      clock.setTimer(0, () => {
        fired.push("due");
        resolve();
      });
    });
    expect(fired).toEqual(["due"]);
  });
});
