import { luaScript } from './redis.js';

// KEYS: leases. ARGV: orderId, now, until.
export const CLAIM = luaScript(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`);

// A deferred failure (deferFailure) made the order due now: moving its lease
// to `until` would hide it from the settler and leak its reservation.
// KEYS: leases, order hash. ARGV: orderId, until.
export const HAND_OVER = luaScript(`
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('HEXISTS', KEYS[2], 'pending.reason') == 1 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`);
