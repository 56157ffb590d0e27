import { createHash } from "node:crypto";
import type { RedisConnection } from "./client/create-redis-client.js";

/** A Lua script run with EVALSHA, falling back to EVAL once when the server has not cached it. */
export interface LuaScript {
  readonly sha: string;
  /** The script's source (for SCRIPT LOAD). */
  readonly lua: string;
  /** Runs the script: `keys` become KEYS, `args` become ARGV. Rejects like any ioredis command. */
  run(connection: RedisConnection, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

/**
 * Defines a Lua script. EVALSHA sends only the 40-byte digest; a `NOSCRIPT`
 * reply (after a restart, failover or `SCRIPT FLUSH`) is answered by one
 * EVAL, which also caches the script on that server again.
 */
export function defineScript(lua: string): LuaScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return {
    sha,
    lua,
    run: async (connection, keys, args) => {
      try {
        return await connection.evalsha(sha, keys.length, ...keys, ...args);
      } catch (e) {
        if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
        return connection.eval(lua, keys.length, ...keys, ...args);
      }
    },
  };
}
