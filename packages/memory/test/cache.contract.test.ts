import { cacheContract } from "@hexkit/testing";
import { createMemoryCache } from "@hexkit/memory";
import { fakeClockSetup } from "./fake-harness.js";

cacheContract("memory", fakeClockSetup((clock) => createMemoryCache({ clock })));
