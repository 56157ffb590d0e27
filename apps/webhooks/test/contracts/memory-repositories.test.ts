import { createMemoryDeliveryRepository } from "../../src/adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "../../src/adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "../../src/adapters/memory/memory-message-repository.js";
import { repositoryContract } from "./repositories.contract.js";

repositoryContract("memory", () =>
  Promise.resolve({
    endpoints: createMemoryEndpointRepository(),
    messages: createMemoryMessageRepository(),
    deliveries: createMemoryDeliveryRepository(),
  }),
);
