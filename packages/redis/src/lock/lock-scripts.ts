import { defineScript } from "../script.js";

/** Deletes KEYS[1] only if it still holds the token ARGV[1]; answers 1 when it did. */
export const releaseScript = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/** Sets KEYS[1]'s TTL to ARGV[2] ms only if it still holds the token ARGV[1]; answers 1 when it did. */
export const extendScript = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);
