import type { Principal } from "@hexkit/fastify";

/** Every /v1 route requires a tenant: the adapter answers 403 before a handler runs for a principal without one. */
export const tenantAuth = { tenant: "required" } as const;

/** The caller's tenant; routes declare `tenantAuth`, so it is always set here. */
export const tenantOf = (principal: Principal): string => principal.tenantId ?? "";

/** Drops keys whose value is `undefined`, for optional filters under `exactOptionalPropertyTypes`. */
export function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
