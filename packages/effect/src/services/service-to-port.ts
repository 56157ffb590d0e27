import { type ResultAsync, type Unavailable, unavailable } from "@hexkit/core";
import type { Effect } from "effect";
import type { Defect } from "../conversions/exit-to-result.js";
import { runToResultAsync } from "../conversions/to-result-async.js";

/**
 * How a port built back from a service reports a defect. Result ports' error
 * unions have no `Internal`, so a die or an interruption inside the service
 * (a bug) is answered as `Unavailable` naming the service, defect as `cause`:
 * callers then degrade as for a dependency that is down, and retry policies
 * give up after their attempts.
 */
export function defectAsUnavailable(serviceKey: string): (defect: Defect) => Unavailable {
  return (defect) =>
    defect._tag === "Die"
      ? unavailable(serviceKey, defect.defect, `${serviceKey} failed with a defect`)
      : unavailable(serviceKey, defect.cause, `${serviceKey} was interrupted`);
}

/** Runs a service's Effect (no requirements) as a port's ResultAsync; see `defectAsUnavailable`. */
export function serviceToPort(serviceKey: string): <A, E>(effect: Effect.Effect<A, E>) => ResultAsync<A, E | Unavailable> {
  const onDefect = defectAsUnavailable(serviceKey);
  return (effect) => runToResultAsync(effect, undefined, onDefect);
}
