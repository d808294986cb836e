import { describe, expect, it } from 'vitest';
import { defaultSuite } from './default-suite.js';
import { validateScenario } from './validation.js';

describe('the default suite', () => {
  it('has the default suite of DESIGN.md section 7, all valid, full and quick', () => {
    for (const quick of [false, true]) {
      const suite = defaultSuite(quick);
      expect(suite.map((s) => s.name)).toEqual([
        'seed-checkout',
        'accept-500',
        'rush',
        'email-outage',
        'slow-payment',
        'worker-crash',
        'broker-outage',
        'busy-hour',
        'broker-node-loss',
        'redis-failover',
        'redis-failover-wait',
        'network-latency',
        'lost-reply',
        'partition',
        'seed-webhook',
        'webhook-outage',
        'webhook-chaos',
        'capacity',
        'capacity-2-payment',
        'capacity-webhook',
        'crossover',
      ]);
      expect(suite.flatMap(validateScenario)).toEqual([]);
    }
  });
});
