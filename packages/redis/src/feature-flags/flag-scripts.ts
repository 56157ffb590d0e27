import { defineScript } from "../script.js";

/** HSET KEYS[1] ARGV[1] ARGV[2], then PUBLISH ARGV[3] ARGV[1]: the change and its notice, atomically. */
export const setFlagScript = defineScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[1])
return 1
`);

/** HDEL KEYS[1] ARGV[1], then PUBLISH ARGV[2] ARGV[1], atomically. */
export const deleteFlagScript = defineScript(`
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[1])
return 1
`);
