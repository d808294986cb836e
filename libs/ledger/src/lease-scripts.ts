import { luaScript } from './redis.js';

// KEYS: leases. ARGV: orderId, now, until.
export const CLAIM = luaScript(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`);

// The charge of an order still on its way was requested: noted (and told on
// the status channel, so a replay waiting for it looks again), then its lease
// handed over. A deferred failure (deferFailure) made the order due now: moving
// its lease to `until` would hide it from the settler and leak its reservation.
// KEYS: leases, order hash, status channel. ARGV: orderId, until, now.
export const CHARGE_REQUESTED = luaScript(`
local status = redis.call('HGET', KEYS[2], 'status')
if not status or status == 'confirmed' or status == 'failed' then return 0 end
redis.call('HSET', KEYS[2], 'chargeRequestedAt', ARGV[3])
redis.call('PUBLISH', KEYS[3], cjson.encode({orderId = ARGV[1], status = status, at = tonumber(ARGV[3])}))
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('HEXISTS', KEYS[2], 'pending.reason') == 1 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`);
