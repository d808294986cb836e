import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { EffectsLedger } from './effects-ledger.js';

let brokers: Brokers;
let redis: Redis;
let ledger: EffectsLedger;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  ledger = new EffectsLedger(redis, 'el');
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

describe('EffectsLedger payment void', () => {
  it('refuses a guarded charge once the payment is voided, and only then', async () => {
    expect(await ledger.recordedOrVoided('v', 'charge', 'ch_1')).toBe('neither');
    expect(await ledger.record('v', 'charge', 'ch_1', {}, { unlessVoided: true })).toEqual({
      applied: true,
    });
    expect(await ledger.recordedOrVoided('v', 'charge', 'ch_1')).toBe('recorded');
    await ledger.voidPayment('v');
    expect(await ledger.recordedOrVoided('v', 'charge', 'ch_1')).toBe('voided');
    expect(await ledger.record('v', 'charge', 'ch_2', {}, { unlessVoided: true })).toEqual({
      applied: false,
      voided: true,
    });
    // Unguarded effects (the refund itself) still record.
    expect(await ledger.record('v', 'refund', 'rf_ch_1')).toEqual({ applied: true });
    expect(await ledger.countsOf('v')).toEqual({ charge: 1, refund: 1 });
  });
});
