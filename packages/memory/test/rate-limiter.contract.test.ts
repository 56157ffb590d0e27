import { rateLimiterContract } from "@hexkit/testing";
import { createMemoryRateLimiter } from "@hexkit/memory";
import { fakeClockSetup } from "./fake-harness.js";

rateLimiterContract("memory", ({ policy }) => fakeClockSetup((clock) => createMemoryRateLimiter({ policy, clock }))());
