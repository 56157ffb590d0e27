import { afterAll, beforeAll } from "vitest";
import { createPgDeliveryRepository } from "../../src/adapters/postgres/pg-delivery-repository.js";
import { createPgEndpointRepository } from "../../src/adapters/postgres/pg-endpoint-repository.js";
import { createPgMessageRepository } from "../../src/adapters/postgres/pg-message-repository.js";
import { repositoryContract } from "../contracts/repositories.contract.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

let schema: TestSchema;
beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(async () => {
  await schema.drop();
});

repositoryContract("postgres", async () => {
  await schema.truncate();
  return {
    endpoints: createPgEndpointRepository(schema.db),
    messages: createPgMessageRepository(schema.db),
    deliveries: createPgDeliveryRepository(schema.db),
  };
});
