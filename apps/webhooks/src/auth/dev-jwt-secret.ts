import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where the development JWT secret lives: `<dataDir>/dev-jwt-secret`. */
export const devSecretFile = (dataDir: string): string => resolve(join(dataDir, "dev-jwt-secret"));

/** The development secret and whether this call made it. */
export interface DevSecret {
  readonly secret: string;
  readonly file: string;
  readonly created: boolean;
}

/**
 * Reads the development JWT secret from `<dataDir>/dev-jwt-secret`, making
 * one (48 random bytes, base64url; file mode 0600) when absent. The server and
 * the `cli token` command share it, so tokens minted by the CLI verify across
 * restarts. Only for embedded defaults: production sets `auth.jwtSecret`.
 * Synchronous: it runs once at start-up. Throws only on file-system errors.
 */
export function loadOrCreateDevSecret(dataDir: string): DevSecret {
  const file = devSecretFile(dataDir);
  try {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return { secret, file, created: false };
  } catch {
    // Absent: made below.
  }
  mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, file, created: true };
}
