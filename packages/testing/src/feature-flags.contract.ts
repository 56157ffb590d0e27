import { evaluateFlag, type FeatureFlagStore, ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractSetup, useHarness } from "./harness.js";

/**
 * The FeatureFlagStore port's specification, as tests. Setup returns an
 * empty store.
 *
 * Guarantees checked: an unknown flag is off, on/off, `get` answers what was
 * `set`, a percentage rollout answers the same for the same key every time and
 * exactly what core's `evaluateFlag` answers (so every adapter buckets keys
 * alike), a percentage below 100 without a key is off, and `delete` turns a
 * flag back into an unknown one.
 */
export function featureFlagsContract(adapterName: string, setup: ContractSetup<FeatureFlagStore>): void {
  describe(`FeatureFlags contract: ${adapterName}`, () => {
    const harness = useHarness(setup);
    const flags = (): FeatureFlagStore => harness().subject;
    const keys = Array.from({ length: 200 }, (_, i) => `tenant-${i}`);

    it("answers off for an unknown flag, with or without a key", async () => {
      expect(await flags().isEnabled("unknown")).toEqual(ok(false));
      expect(await flags().isEnabled("unknown", "tenant-1")).toEqual(ok(false));
      expect(await flags().get("unknown")).toEqual(ok(undefined));
    });

    it("answers on for an enabled flag, for every key and without one", async () => {
      expect(await flags().set("f", { enabled: true })).toEqual(ok(undefined));
      expect(await flags().isEnabled("f")).toEqual(ok(true));
      expect(await flags().isEnabled("f", "tenant-1")).toEqual(ok(true));
    });

    it("answers off for a disabled flag, whatever its percentage", async () => {
      await flags().set("f", { enabled: false, percentage: 100 });
      expect(await flags().isEnabled("f")).toEqual(ok(false));
      expect(await flags().isEnabled("f", "tenant-1")).toEqual(ok(false));
    });

    it("answers get with the definition that was set, and set replaces it", async () => {
      await flags().set("f", { enabled: true, percentage: 25 });
      expect(await flags().get("f")).toEqual(ok({ enabled: true, percentage: 25 }));
      await flags().set("f", { enabled: false });
      expect(await flags().get("f")).toEqual(ok({ enabled: false }));
      expect(await flags().isEnabled("f", "tenant-1")).toEqual(ok(false));
    });

    it("rolls a percentage out exactly as core's evaluateFlag buckets keys", async () => {
      const definition = { enabled: true, percentage: 30 };
      await flags().set("rollout", definition);
      const answers = await Promise.all(keys.map((k) => flags().isEnabled("rollout", k)));
      expect(answers).toEqual(keys.map((k) => ok(evaluateFlag(definition, "rollout", k))));
      const on = answers.filter((a) => a._unsafeUnwrap()).length;
      expect(on).toBeGreaterThan(0);
      expect(on).toBeLessThan(keys.length);
    });

    it("answers the same for the same key every time", async () => {
      await flags().set("rollout", { enabled: true, percentage: 50 });
      const first = await Promise.all(keys.map((k) => flags().isEnabled("rollout", k)));
      const second = await Promise.all(keys.map((k) => flags().isEnabled("rollout", k)));
      expect(second).toEqual(first);
    });

    it("only adds keys when the percentage is raised", async () => {
      await flags().set("rollout", { enabled: true, percentage: 20 });
      const low = await Promise.all(keys.map((k) => flags().isEnabled("rollout", k)));
      await flags().set("rollout", { enabled: true, percentage: 60 });
      const high = await Promise.all(keys.map((k) => flags().isEnabled("rollout", k)));
      keys.forEach((_, i) => {
        if (low[i]?._unsafeUnwrap() === true) expect(high[i]).toEqual(ok(true));
      });
    });

    it("answers off at 0% and on at 100% for every key", async () => {
      await flags().set("none", { enabled: true, percentage: 0 });
      await flags().set("all", { enabled: true, percentage: 100 });
      const none = await Promise.all(keys.map((k) => flags().isEnabled("none", k)));
      const all = await Promise.all(keys.map((k) => flags().isEnabled("all", k)));
      expect(none).toEqual(keys.map(() => ok(false)));
      expect(all).toEqual(keys.map(() => ok(true)));
    });

    it("answers off for a partial rollout when no key is given", async () => {
      await flags().set("rollout", { enabled: true, percentage: 99 });
      expect(await flags().isEnabled("rollout")).toEqual(ok(false));
    });

    it("forgets a deleted flag, and deleting an unknown flag succeeds", async () => {
      await flags().set("f", { enabled: true });
      expect(await flags().delete("f")).toEqual(ok(undefined));
      expect(await flags().isEnabled("f")).toEqual(ok(false));
      expect(await flags().get("f")).toEqual(ok(undefined));
      expect(await flags().delete("never")).toEqual(ok(undefined));
    });

    it("keeps flags independent", async () => {
      await flags().set("a", { enabled: true });
      await flags().set("b", { enabled: false });
      expect(await flags().isEnabled("a")).toEqual(ok(true));
      expect(await flags().isEnabled("b")).toEqual(ok(false));
    });
  });
}
