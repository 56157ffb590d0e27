import { featureFlagsContract } from "@hexkit/testing";
import { createMemoryFeatureFlags } from "@hexkit/memory";
import { fakeClockSetup } from "./fake-harness.js";

featureFlagsContract("memory", fakeClockSetup(() => createMemoryFeatureFlags()));
