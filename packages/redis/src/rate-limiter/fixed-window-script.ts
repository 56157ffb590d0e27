import { defineScript } from "../script.js";

/**
 * The fixed-window consume of core's `consumeFixedWindow`, as one atomic
 * script, so that any number of processes consuming the same key at once see
 * one sequence of decisions.
 *
 * KEYS[1] the window hash (fields `s`: window start in epoch ms, `u`: points used)
 * ARGV    points, durationMs, cost, now (epoch ms, or '' to use the server's TIME), ttl grace ms
 * Returns {allowed (1|0), remaining, resetMs} (numbers as strings, so fractions survive)
 *
 * A refused consume takes nothing, but a window it had to start is kept, as
 * core's function keeps the state it computed.
 */
export const fixedWindowScript = defineScript(`
local points = tonumber(ARGV[1])
local duration = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now
if ARGV[4] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[4])
end
local grace = tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 's', 'u')
local start = tonumber(state[1])
local used = tonumber(state[2])
local fresh = false
if start == nil or used == nil or now >= start + duration then
  start = now
  used = 0
  fresh = true
end
local reset = start + duration - now
if reset < 0 then reset = 0 end
local allowed = 0
if used + cost <= points then
  used = used + cost
  allowed = 1
end
if allowed == 1 or fresh then
  redis.call('HSET', KEYS[1], 's', string.format('%.17g', start), 'u', string.format('%.17g', used))
  redis.call('PEXPIRE', KEYS[1], math.ceil(reset + grace))
end
local remaining = points - used
if remaining < 0 then remaining = 0 end
return {allowed, string.format('%.17g', remaining), string.format('%.17g', reset)}
`);
