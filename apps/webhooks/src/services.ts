import type { UseCaseDeps } from "./use-cases/deps.js";
import { makeCreateEndpoint } from "./use-cases/endpoints/create-endpoint.js";
import { makeDeleteEndpoint, makeRotateSecret, makeUpdateEndpoint } from "./use-cases/endpoints/change-endpoint.js";
import { makeGetEndpoint, makeGetEndpointSecret, makeListEndpoints } from "./use-cases/endpoints/read-endpoints.js";
import { makeCreateMessage } from "./use-cases/messages/create-message.js";
import { makeGetMessage, makeListAttempts, makeListMessages } from "./use-cases/messages/read-messages.js";
import { makeReplayMessage } from "./use-cases/messages/replay-message.js";
import { makeRecoverEndpoint } from "./use-cases/deliveries/recover-endpoint.js";
import { makeListDeadLetters, makeReplayDeadLetter } from "./use-cases/deliveries/dead-letters.js";
import { makeDeliver } from "./use-cases/deliveries/deliver.js";

function bind(deps: UseCaseDeps) {
  return {
    createEndpoint: makeCreateEndpoint(deps),
    listEndpoints: makeListEndpoints(deps),
    getEndpoint: makeGetEndpoint(deps),
    getEndpointSecret: makeGetEndpointSecret(deps),
    updateEndpoint: makeUpdateEndpoint(deps),
    deleteEndpoint: makeDeleteEndpoint(deps),
    rotateSecret: makeRotateSecret(deps),
    createMessage: makeCreateMessage(deps),
    listMessages: makeListMessages(deps),
    getMessage: makeGetMessage(deps),
    listAttempts: makeListAttempts(deps),
    replayMessage: makeReplayMessage(deps),
    recoverEndpoint: makeRecoverEndpoint(deps),
    listDeadLetters: makeListDeadLetters(deps),
    replayDeadLetter: makeReplayDeadLetter(deps),
    deliver: makeDeliver(deps),
  };
}

/** The bound use cases, as the HTTP routes and the worker see them. */
export type Services = ReturnType<typeof bind>;

/** Every use case of the app, bound to its ports. */
export function createServices(deps: UseCaseDeps): Services {
  return bind(deps);
}
