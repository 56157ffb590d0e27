import { lockContract } from "@hexkit/testing";
import { createMemoryLock } from "@hexkit/memory";
import { fakeClockSetup } from "./fake-harness.js";

lockContract("memory", fakeClockSetup((clock) => createMemoryLock({ clock })));
