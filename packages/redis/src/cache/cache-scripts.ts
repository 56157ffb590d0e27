import { defineScript } from "../script.js";

/**
 * Stores one entry and keeps tag bookkeeping exact, atomically:
 * KEYS = value key, record key, tag set keys…; ARGV = value, ttl ms, key, tags record ('' = no tags).
 * An untagged set removes any old tags record, so a later tag invalidation
 * does not remove an entry that was overwritten without that tag. A tag set
 * lives at least as long as its longest-lived member.
 */
export const setEntryScript = defineScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[4] == '' then
  redis.call('DEL', KEYS[2])
  return 1
end
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
local ttl = tonumber(ARGV[2])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[3])
  if redis.call('PTTL', KEYS[i]) < ttl then
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end
return 1
`);

/**
 * Pops up to ARGV[4] members of the tag set KEYS[1] and deletes each one's
 * entry if it still carries the tag (its record contains ARGV[3], the tag
 * wrapped in NULs). ARGV[1]/ARGV[2] are the value/record key prefixes.
 * Returns {entries removed, members popped}. Batches keep each call short, so
 * a large tag never blocks the server for long.
 */
export const invalidateTagBatchScript = defineScript(`
local members = redis.call('SPOP', KEYS[1], tonumber(ARGV[4]))
local removed = 0
for _, key in ipairs(members) do
  local record = redis.call('GET', ARGV[2] .. key)
  if record and string.find(record, ARGV[3], 1, true) then
    removed = removed + redis.call('DEL', ARGV[1] .. key)
    redis.call('DEL', ARGV[2] .. key)
  end
end
return {removed, #members}
`);
