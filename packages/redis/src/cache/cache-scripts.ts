import { defineScript } from "../script.js";

/**
 * Stores one entry and keeps tag bookkeeping exact, atomically:
 * KEYS = value key, record key, tag set keys…
 * ARGV = value, ttl ms, key, tags record ('' = no tags), channel ('' = none), origin
 * An untagged set removes any old tags record, so a later tag invalidation
 * does not remove an entry that was overwritten without that tag. A tag set
 * lives at least as long as its longest-lived member. With a channel, the
 * key is announced there in the same script (for L1 tiers elsewhere).
 */
export const setEntryScript = defineScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[4] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
  local ttl = tonumber(ARGV[2])
  for i = 3, #KEYS do
    redis.call('SADD', KEYS[i], ARGV[3])
    if redis.call('PTTL', KEYS[i]) < ttl then
      redis.call('PEXPIRE', KEYS[i], ttl)
    end
  end
end
if ARGV[5] ~= '' then
  redis.call('PUBLISH', ARGV[5], cjson.encode({o = ARGV[6], k = {ARGV[3]}}))
end
return 1
`);

/**
 * Deletes one entry (KEYS = value key, record key) and announces ARGV[1] (the
 * key) on channel ARGV[2] as origin ARGV[3], atomically.
 */
export const deleteEntryScript = defineScript(`
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('PUBLISH', ARGV[2], cjson.encode({o = ARGV[3], k = {ARGV[1]}}))
return 1
`);

/**
 * Pops up to ARGV[4] members of the tag set KEYS[1] and deletes each one's
 * entry if it still carries the tag (its record contains ARGV[3], the tag
 * wrapped in NULs). ARGV[1]/ARGV[2] are the value/record key prefixes;
 * ARGV[5]/ARGV[6] the channel ('' = none) and origin to announce removed
 * keys on. Returns {entries removed, members popped}. Batches keep each call
 * short, so a large tag never blocks the server for long.
 */
export const invalidateTagBatchScript = defineScript(`
local members = redis.call('SPOP', KEYS[1], tonumber(ARGV[4]))
local removed = {}
for _, key in ipairs(members) do
  local record = redis.call('GET', ARGV[2] .. key)
  if record and string.find(record, ARGV[3], 1, true) then
    if redis.call('DEL', ARGV[1] .. key) == 1 then
      removed[#removed + 1] = key
    end
    redis.call('DEL', ARGV[2] .. key)
  end
end
if ARGV[5] ~= '' and #removed > 0 then
  redis.call('PUBLISH', ARGV[5], cjson.encode({o = ARGV[6], k = removed}))
end
return {#removed, #members}
`);
