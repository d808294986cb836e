import type { Redis } from 'ioredis';
import type { CatalogItem, LineItem } from '@lab/domain';
import { redisKeys, type RedisKeys } from '@lab/contracts';
import { evalScript, luaScript } from './redis.js';
import { LEDGER_OPERATIONS, redisSpan } from './redis-span.js';

// Takes every line of an order at once or none; once per order. The ledger's
// reservation effect is written in the same script, so stock and ledger agree.
// An order released before it reserved (compensated while its reservation was
// on its way) is refused: that reservation would never be given back.
// KEYS: stock, reservation, effects, status channel. ARGV: reservationId, now, orderId, sku, qty, sku, qty…
const RESERVE = luaScript(`
if redis.call('HGET', KEYS[2], '_state') == 'released' then return {-1, ''} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {1, redis.call('HGET', KEYS[2], '_id')} end
local want, skus = {}, {}
for i = 4, #ARGV, 2 do
  local sku = ARGV[i]
  if not want[sku] then table.insert(skus, sku); want[sku] = 0 end
  want[sku] = want[sku] + tonumber(ARGV[i + 1])
end
local short = {}
for _, sku in ipairs(skus) do
  if tonumber(redis.call('HGET', KEYS[1], sku) or '0') < want[sku] then table.insert(short, sku) end
end
if #short > 0 then return {0, table.concat(short, ',')} end
for _, sku in ipairs(skus) do
  redis.call('HINCRBY', KEYS[1], sku, -want[sku])
  redis.call('HSET', KEYS[2], sku, want[sku])
end
redis.call('HSET', KEYS[2], '_id', ARGV[1], '_state', 'held')
if redis.call('HSETNX', KEYS[3], 'reservation|' .. ARGV[1], cjson.encode({at = tonumber(ARGV[2])})) == 1 then
  redis.call('PUBLISH', KEYS[4], cjson.encode({orderId = ARGV[3], effect = 'reservation', at = tonumber(ARGV[2])}))
end
return {1, ARGV[1]}
`);

// Gives a held reservation back once. With nothing held, it leaves a mark that
// refuses a later reservation of the order.
// KEYS: stock, reservation, effects, status channel. ARGV: now, orderId.
const RELEASE = luaScript(`
local id = redis.call('HGET', KEYS[2], '_id')
if redis.call('HGET', KEYS[2], '_state') == 'released' then return 0 end
if not id then
  redis.call('HSET', KEYS[2], '_state', 'released')
  return 0
end
local fields = redis.call('HGETALL', KEYS[2])
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 1) ~= '_' then redis.call('HINCRBY', KEYS[1], fields[i], tonumber(fields[i + 1])) end
end
redis.call('HSET', KEYS[2], '_state', 'released')
if redis.call('HSETNX', KEYS[3], 'release|' .. id, cjson.encode({at = tonumber(ARGV[1])})) == 1 then
  redis.call('PUBLISH', KEYS[4], cjson.encode({orderId = ARGV[2], effect = 'release', at = tonumber(ARGV[1])}))
end
return 1
`);

export type ReserveResult =
  | { readonly ok: true; readonly reservationId: string }
  | { readonly ok: false; readonly shortSkus: readonly string[]; readonly released?: false }
  /** The order was released (compensated) before this reservation came. */
  | { readonly ok: false; readonly released: true };

/** Finite stock per SKU, shared by every replica of the inventory service of one stack. */
export class StockStore {
  readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.keys = redisKeys(namespace);
  }

  /** Puts the catalog's initial stock in place for SKUs that have none yet. */
  async seed(catalog: ReadonlyMap<string, CatalogItem>): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const item of catalog.values())
      pipeline.hsetnx(this.keys.stock, item.sku, item.initialStock);
    // A pipeline reports failures per command instead of throwing.
    const failed = ((await pipeline.exec()) ?? []).find(([error]) => error);
    if (failed) throw failed[0];
  }

  async levels(skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const values = await redisSpan(LEDGER_OPERATIONS.stockLevels, () =>
      this.redis.hmget(this.keys.stock, ...skus),
    );
    return new Map(skus.map((sku, i) => [sku, Number(values[i] ?? 0)]));
  }

  async reserve(
    orderId: string,
    items: readonly LineItem[],
    now = Date.now(),
  ): Promise<ReserveResult> {
    const args = items.flatMap((i) => [i.sku, String(i.quantity)]);
    const [ok, value] = (await redisSpan(LEDGER_OPERATIONS.reserve, () =>
      evalScript(
        this.redis,
        RESERVE,
        4,
        this.keys.stock,
        this.keys.reservation(orderId),
        this.keys.effects(orderId),
        this.keys.statusChannel,
        `rs_${orderId}`,
        String(now),
        orderId,
        ...args,
      ),
    )) as [number, string];
    if (ok === -1) return { ok: false, released: true };
    return ok === 1
      ? { ok: true, reservationId: value }
      : { ok: false, shortSkus: value.split(',') };
  }

  /** Whether the order holds (or held) a reservation. */
  async hasReservation(orderId: string): Promise<boolean> {
    const held = await redisSpan(LEDGER_OPERATIONS.hasReservation, () =>
      this.redis.hexists(this.keys.reservation(orderId), '_id'),
    );
    return held === 1;
  }

  /** True when this call gave stock back; false when nothing was held. */
  async release(orderId: string, now = Date.now()): Promise<boolean> {
    const released = await redisSpan(LEDGER_OPERATIONS.release, () =>
      evalScript(
        this.redis,
        RELEASE,
        4,
        this.keys.stock,
        this.keys.reservation(orderId),
        this.keys.effects(orderId),
        this.keys.statusChannel,
        String(now),
        orderId,
      ),
    );
    return released === 1;
  }
}
