import { type Lock, type LockHandle, ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractSetup, useHarness } from "./harness.js";
import { anyString, errTagged } from "./matchers.js";

const conflictResult = errTagged("Conflict");

/**
 * The Lock port's specification, as tests: a lease held by at most one holder
 * that expires by itself after its TTL, and that only the holder's token can
 * release or extend.
 *
 * Guarantees checked: acquire excludes (a second acquire is `Conflict`),
 * release needs the right token, release and extend answer `false` after the
 * lease expired or passed on, a lease expires after its TTL so another holder
 * can take it, extend keeps it past the first TTL, and of concurrent acquires
 * exactly one wins. TTLs are 100–400 ms so a real store passes with real sleeps.
 */
export function lockContract(adapterName: string, setup: ContractSetup<Lock>): void {
  describe(`Lock contract: ${adapterName}`, () => {
    const harness = useHarness(setup);
    const lock = (): Lock => harness().subject;
    const take = async (key: string, ttlMs: number): Promise<LockHandle> =>
      (await lock().acquire(key, ttlMs))._unsafeUnwrap();

    it("gives a handle for the key with a non-empty token", async () => {
      const result = await lock().acquire("k", 10_000);
      expect(result).toEqual(ok({ key: "k", token: anyString() }));
      expect(result._unsafeUnwrap().token).not.toBe("");
    });

    it("answers Conflict to a second acquire while the lock is held", async () => {
      await take("k", 10_000);
      const second = await lock().acquire("k", 10_000);
      expect(second.isErr()).toBe(true);
      expect(second).toEqual(conflictResult);
    });

    it("gives each acquisition its own token", async () => {
      const first = await take("k", 10_000);
      await lock().release(first);
      const second = await take("k", 10_000);
      expect(second.token).not.toBe(first.token);
    });

    it("releases with the holder's token, so another can acquire", async () => {
      const handle = await take("k", 10_000);
      expect(await lock().release(handle)).toEqual(ok(true));
      expect(await lock().acquire("k", 10_000)).toEqual(ok({ key: "k", token: anyString() }));
    });

    it("refuses to release with a wrong token and keeps the lock held", async () => {
      await take("k", 10_000);
      expect(await lock().release({ key: "k", token: "not-the-token" })).toEqual(ok(false));
      expect(await lock().acquire("k", 10_000)).toEqual(conflictResult);
    });

    it("answers false to a second release", async () => {
      const handle = await take("k", 10_000);
      await lock().release(handle);
      expect(await lock().release(handle)).toEqual(ok(false));
    });

    it("answers false to releasing a key never locked", async () => {
      expect(await lock().release({ key: "never", token: "t" })).toEqual(ok(false));
    });

    it("expires after its TTL, so another can acquire", async () => {
      await take("k", 100);
      await harness().advance(250);
      expect(await lock().acquire("k", 10_000)).toEqual(ok({ key: "k", token: anyString() }));
    });

    it("answers false to release after the lease expired", async () => {
      const handle = await take("k", 100);
      await harness().advance(250);
      expect(await lock().release(handle)).toEqual(ok(false));
    });

    it("does not let an expired holder release the next holder's lock", async () => {
      const old = await take("k", 100);
      await harness().advance(250);
      await take("k", 10_000);
      expect(await lock().release(old)).toEqual(ok(false));
      expect(await lock().acquire("k", 10_000)).toEqual(conflictResult);
    });

    it("keeps the lock past its first TTL when extended", async () => {
      const handle = await take("k", 200);
      await harness().advance(50);
      expect(await lock().extend(handle, 1_000)).toEqual(ok(true));
      await harness().advance(300);
      expect(await lock().acquire("k", 10_000)).toEqual(conflictResult);
      expect(await lock().release(handle)).toEqual(ok(true));
    });

    it("expires an extended lock after the new TTL", async () => {
      const handle = await take("k", 10_000);
      expect(await lock().extend(handle, 100)).toEqual(ok(true));
      await harness().advance(250);
      expect(await lock().acquire("k", 10_000)).toEqual(ok({ key: "k", token: anyString() }));
    });

    it("answers false to extend after the lease expired", async () => {
      const handle = await take("k", 100);
      await harness().advance(250);
      expect(await lock().extend(handle, 10_000)).toEqual(ok(false));
      expect(await lock().acquire("k", 10_000)).toEqual(ok({ key: "k", token: anyString() }));
    });

    it("answers false to extend with a wrong token", async () => {
      await take("k", 10_000);
      expect(await lock().extend({ key: "k", token: "not-the-token" }, 10_000)).toEqual(ok(false));
    });

    it("lets exactly one of 20 concurrent acquires win", async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => lock().acquire("hot", 10_000)));
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect(results.filter((r) => r.isErr())).toEqual(Array.from({ length: 19 }, () => conflictResult));
    });

    it("keeps keys independent", async () => {
      await take("a", 10_000);
      expect(await lock().acquire("b", 10_000)).toEqual(ok({ key: "b", token: anyString() }));
    });
  });
}
