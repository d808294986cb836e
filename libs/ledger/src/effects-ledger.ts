import type { Redis } from 'ioredis';
import { EFFECT_NAMES, type EffectCounts, type EffectName } from '@lab/domain';
import { redisKeys, type RedisKeys } from '@lab/contracts';
import { awaitReplica, evalScript, luaScript } from './redis.js';
import { LEDGER_OPERATIONS, redisSpan } from './redis-span.js';

export interface EffectRecord {
  readonly effect: EffectName;
  /** The id the effect was applied under (a charge id, an email message id…). */
  readonly requestId: string;
  readonly at: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

// Records once, and announces the new effect on the stack's status channel in
// the same step, so a watcher learns of it without polling.
// KEYS: effects hash, status channel. ARGV: field, value, orderId, effect, now.
const RECORD = luaScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('PUBLISH', KEYS[2], cjson.encode({orderId = ARGV[3], effect = ARGV[4], at = tonumber(ARGV[5])}))
return 1
`);

// The same, refused once the order's payment is voided: a charge that arrives
// after its order was compensated would never be refunded.
// KEYS: effects hash, status channel, void key. ARGV: as RECORD.
const RECORD_UNLESS_VOID = luaScript(`
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('PUBLISH', KEYS[2], cjson.encode({orderId = ARGV[3], effect = ARGV[4], at = tonumber(ARGV[5])}))
return 1
`);

export interface RecordResult {
  /** True when this call applied the effect; false when it was already recorded. */
  readonly applied: boolean;
  /** True when the order's payment was voided first, so nothing was recorded. */
  readonly voided?: boolean;
}

/**
 * The effects ledger: every side effect of every order, keyed by
 * (orderId, effect, requestId) in one Redis hash per order.
 *
 * Recording the same (orderId, effect, requestId) twice, even concurrently,
 * stores it once (HSETNX is atomic). Two different request ids for one
 * effect of one order are two real applications, such as two charges with
 * different keys, and show up as a duplicate in reconciliation.
 */
export class EffectsLedger {
  readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.keys = redisKeys(namespace);
  }

  async record(
    orderId: string,
    effect: EffectName,
    requestId: string,
    data?: Record<string, unknown>,
    options: { unlessVoided?: boolean } = {},
  ): Promise<RecordResult> {
    if (requestId.includes('|'))
      throw new RangeError(`requestId must not contain "|": ${requestId}`);
    const at = Date.now();
    const value: Omit<EffectRecord, 'effect' | 'requestId'> = { at, ...(data ? { data } : {}) };
    const guarded = options.unlessVoided === true;
    const stored = await redisSpan(LEDGER_OPERATIONS.recordEffect, () =>
      evalScript(
        this.redis,
        guarded ? RECORD_UNLESS_VOID : RECORD,
        guarded ? 3 : 2,
        this.keys.effects(orderId),
        this.keys.statusChannel,
        ...(guarded ? [this.keys.paymentVoid(orderId)] : []),
        `${effect}|${requestId}`,
        JSON.stringify(value),
        orderId,
        effect,
        String(at),
      ),
    );
    if (stored === 1) await awaitReplica(this.redis);
    return stored === -1 ? { applied: false, voided: true } : { applied: stored === 1 };
  }

  /**
   * Voids the order's payment: from now on no charge is recorded for it
   * (`record` with `unlessVoided`). A refund does this first, so that a charge
   * still on its way when its order is compensated is refused, not orphaned.
   */
  async voidPayment(orderId: string): Promise<void> {
    await this.redis.set(this.keys.paymentVoid(orderId), '1');
  }

  /** Whether the effect is recorded, or the order's payment voided, in one round trip. */
  async recordedOrVoided(
    orderId: string,
    effect: EffectName,
    requestId: string,
  ): Promise<'recorded' | 'voided' | 'neither'> {
    const [[voidErr, voided], [hasErr, has]] = (await this.redis
      .pipeline()
      .exists(this.keys.paymentVoid(orderId))
      .hexists(this.keys.effects(orderId), `${effect}|${requestId}`)
      .exec()) as [[Error | null, number], [Error | null, number]];
    if (voidErr ?? hasErr) throw voidErr ?? hasErr;
    return voided === 1 ? 'voided' : has === 1 ? 'recorded' : 'neither';
  }

  /** Whether (orderId, effect, requestId) is recorded. */
  async has(orderId: string, effect: EffectName, requestId: string): Promise<boolean> {
    const key = `${effect}|${requestId}`;
    const has = await redisSpan(LEDGER_OPERATIONS.hasEffect, () =>
      this.redis.hexists(this.keys.effects(orderId), key),
    );
    return has === 1;
  }

  /**
   * Notes that an effect already recorded was asked for again (an idempotent
   * repeat): its caller never heard the first answer. Changes no effect.
   */
  async noteRepeat(orderId: string, effect: EffectName): Promise<void> {
    await this.redis.hincrby(this.keys.repeats, `${orderId}|${effect}`, 1);
  }

  /** How often the order's effect was asked for again once recorded. */
  async repeatsOf(orderId: string, effect: EffectName): Promise<number> {
    return Number((await this.redis.hget(this.keys.repeats, `${orderId}|${effect}`)) ?? 0);
  }

  async effectsOf(orderId: string): Promise<EffectRecord[]> {
    return parseEffects(await this.redis.hgetall(this.keys.effects(orderId)));
  }

  async countsOf(orderId: string): Promise<EffectCounts> {
    return countEffects(await this.effectsOf(orderId));
  }
}

export function parseEffects(hash: Record<string, string>): EffectRecord[] {
  return Object.entries(hash)
    .map(([field, json]) => {
      const split = field.indexOf('|');
      const effect = field.slice(0, split) as EffectName;
      const value = JSON.parse(json) as { at: number; data?: Record<string, unknown> };
      return { effect, requestId: field.slice(split + 1), ...value };
    })
    .sort((a, b) => a.at - b.at);
}

export function countEffects(records: readonly EffectRecord[]): EffectCounts {
  const counts: Partial<Record<EffectName, number>> = {};
  for (const r of records)
    if (EFFECT_NAMES.includes(r.effect)) counts[r.effect] = (counts[r.effect] ?? 0) + 1;
  return counts;
}
