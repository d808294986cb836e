import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { redisKeys } from '@lab/contracts';
import { OrderWatcher, parseOrderChange } from './order-watcher.js';
import type { OrderChange } from './order-store.js';

let brokers: Brokers;
let publisher: Redis;
let watcher: OrderWatcher;
const channel = redisKeys('ow').statusChannel;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  publisher = new Redis(brokers.redis!.url);
  watcher = new OrderWatcher(new Redis(brokers.redis!.url), 'ow');
  await watcher.whenReady();
});
afterAll(async () => {
  watcher?.close();
  publisher?.disconnect();
  await brokers?.stop();
});

describe('the status channel', () => {
  it.each([
    ['not json', 'x{'],
    ['not an object', '[1]'],
    ['no order id', '{"status":"paid","at":1}'],
    ['an order id that is no string', '{"orderId":5,"status":"paid","at":1}'],
    ['an unknown status', '{"orderId":"o","status":"shipped","at":1}'],
    ['an unknown effect', '{"orderId":"o","effect":"sms","at":1}'],
    ['neither status nor effect', '{"orderId":"o","at":1}'],
    ['no time', '{"orderId":"o","status":"paid"}'],
  ])('refuses a change with %s', (_what, message) => {
    expect(parseOrderChange(message)).toBeUndefined();
  });

  it('reads a status change and an applied effect', () => {
    expect(
      parseOrderChange('{"orderId":"o","status":"failed","reason":"declined","at":5}'),
    ).toEqual({
      orderId: 'o',
      status: 'failed',
      reason: 'declined',
      at: 5,
    });
    expect(parseOrderChange('{"orderId":"o","effect":"email","at":6}')).toEqual({
      orderId: 'o',
      effect: 'email',
      at: 6,
    });
  });

  it('a watcher passes over bad messages, counts them, and hands on the next good one', async () => {
    const seen: OrderChange[] = [];
    const unwatch = watcher.watch('o1', (c) => seen.push(c));
    for (const bad of ['x{', 'null', '{"orderId":"o1"}']) await publisher.publish(channel, bad);
    await publisher.publish(channel, JSON.stringify({ orderId: 'o1', status: 'paid', at: 7 }));
    await waitUntil(async () => seen.length > 0, { timeoutMs: 5000, what: 'the good change' });
    unwatch();
    expect(seen).toEqual([{ orderId: 'o1', status: 'paid', at: 7 }]);
    expect(watcher.malformed).toBe(3);
  });
});
