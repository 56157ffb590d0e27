import { describe, expect, it } from "vitest";
import { ok } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { createMemoryLock } from "@hexkit/memory";

describe("createMemoryLock", () => {
  it("sweeps expired leases on acquire so memory stays bounded", async () => {
    const clock = createFakeClock();
    const lock = createMemoryLock({ clock });
    for (let i = 0; i < 50; i++) await lock.acquire(`k${i}`, 100);
    expect(lock.size()).toBe(50);
    await clock.advance(1_000);
    await lock.acquire("fresh", 100);
    expect(lock.size()).toBe(1);
  });

  it("makes tokens with the given id generator", async () => {
    const lock = createMemoryLock({ clock: createFakeClock(), idGenerator: { next: (p) => `${p ?? ""}_fixed` } });
    expect(await lock.acquire("k", 100)).toEqual(ok({ key: "k", token: "lock_fixed" }));
  });
});
