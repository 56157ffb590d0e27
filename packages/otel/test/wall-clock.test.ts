import { afterEach, describe, expect, it, vi } from "vitest";
import { wallMillisAt } from "../src/wall-clock.js";

describe("wallMillisAt", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("answers the wall-clock time of a monotonic reading, within the millisecond Date.now() resolves", () => {
    const before = Date.now();
    const wall = wallMillisAt(performance.now());
    const after = Date.now();
    expect(wall).toBeGreaterThan(before - 1);
    expect(wall).toBeLessThan(after + 1);
  });

  it("follows a step of the wall clock once a second has passed on the monotonic clock", () => {
    // A reading 10 s ahead: the offset is read again there, whatever earlier calls left.
    const now = performance.now() + 10_000;
    const settled = wallMillisAt(now);
    const stepped = Date.now() + 60_000;
    vi.spyOn(Date, "now").mockReturnValue(stepped);
    // Within the second the old offset still holds; a second later the step shows.
    expect(wallMillisAt(now + 10) - settled).toBeCloseTo(10, 3);
    expect(wallMillisAt(now + 1000) - settled).toBeGreaterThan(59_000);
  });
});
