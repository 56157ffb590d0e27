import type { HttpRoute } from "@hexkit/fastify";
import type { Services } from "../services.js";
import { deadLetterRoutes } from "./dead-letter-routes.js";
import { endpointRoutes } from "./endpoint-routes.js";
import { messageRoutes } from "./message-routes.js";

/** Every route of the API. Each is a schema and a use case, nothing else. */
export function apiRoutes(services: Services): HttpRoute[] {
  return [...endpointRoutes(services), ...messageRoutes(services), ...deadLetterRoutes(services)];
}
