import { type ResultAsync, errAsync, unauthorized } from "@hexkit/core";
import type { AuthenticationError, Authenticator, RequestHeaders } from "./authenticator.port.js";
import type { Principal } from "./principal.js";

/**
 * Accepts a request that any of `authenticators` accepts, tried in order
 * (e.g. a JWT, else an API key). When all refuse: `Unavailable` if one of
 * them could not work (so a JWKS outage is not reported as bad
 * credentials), else `Unauthorized` (with the refusals' message when they agree).
 */
export function anyAuthenticator(...authenticators: readonly Authenticator[]): Authenticator {
  const challenges = authenticators.map((a) => a.challenge).filter((c): c is string => c !== undefined);
  const securitySchemes = Object.assign({}, ...authenticators.map((a) => a.securitySchemes ?? {})) as NonNullable<Authenticator["securitySchemes"]>;
  function attempt(headers: RequestHeaders, index: number, errors: AuthenticationError[]): ResultAsync<Principal, AuthenticationError> {
    const next = authenticators[index];
    if (next === undefined) {
      const down = errors.find((e) => e._tag === "Unavailable");
      const first = errors[0];
      const same = first !== undefined && errors.every((e) => e.message === first.message);
      return errAsync(down ?? (same ? first : unauthorized()));
    }
    return next.authenticate(headers).orElse((error: AuthenticationError) => attempt(headers, index + 1, [...errors, error]));
  }
  return {
    ...(challenges.length === 0 ? {} : { challenge: challenges.join(", ") }),
    securitySchemes,
    authenticate: (headers) => attempt(headers, 0, []),
  };
}

