import { timeout, unavailable } from "@hexkit/core";
import type { RepositoryError } from "../repository-error.js";

/** SQLSTATE codes that mean "the server is there but not serving us right now". */
const unavailableCodes = new Set([
  "57P01", // admin_shutdown (terminated by an administrator)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, or shutting down)
  "53300", // too_many_connections
  "55000", // object_not_in_prerequisite_state: "database is not currently accepting connections"
  "3D000", // invalid_catalog_name: the database does not exist (yet)
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);

const codeOf = (cause: unknown): string | undefined =>
  typeof cause === "object" && cause !== null && typeof (cause as { code?: unknown }).code === "string" ? (cause as { code: string }).code : undefined;

const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

/**
 * The one place where `pg` failures become port errors. A cancelled statement
 * (`statement_timeout`, SQLSTATE 57014) or a client-side query timeout is a
 * `Timeout`; everything else (refused or lost connections, a pool that cannot
 * connect in time, a server going down) is `Unavailable` naming `postgres`,
 * with the driver's error kept as `cause` for the log only. A failure that is
 * a bug of ours (bad SQL) also lands in `Unavailable`, since the repository
 * ports speak only of an unavailable store; its cause makes it plain in logs.
 */
export function toRepositoryError(cause: unknown, operation: string, timeoutMs: number): RepositoryError {
  const code = codeOf(cause);
  const message = messageOf(cause);
  if (code === "57014" || /query read timeout/i.test(message)) return timeout(timeoutMs, `postgres ${operation}`);
  if (code !== undefined && unavailableCodes.has(code)) return unavailable("postgres", cause, `postgres is unavailable (${operation})`);
  return unavailable("postgres", cause, `postgres failed (${operation})`);
}
