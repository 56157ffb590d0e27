import { createFakeClock, type ContractHarness, type FakeClock } from "@hexkit/testing";

/** A harness setup for a memory adapter driven by a fresh fake clock. */
export function fakeClockSetup<T>(make: (clock: FakeClock) => T): () => Promise<ContractHarness<T>> {
  return () => {
    const clock = createFakeClock();
    return Promise.resolve({ subject: make(clock), advance: (ms) => clock.advance(ms), teardown: () => Promise.resolve() });
  };
}
