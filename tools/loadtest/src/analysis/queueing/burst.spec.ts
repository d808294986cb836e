import { describe, expect, it } from 'vitest';
import { burstAgainstPool } from './burst.js';
import { outageBacklog } from './outage.js';

describe('a burst against a bounded pool', () => {
  const pool = { c: 200, queued: 200, queueTimeout: 5, serviceTime: 3.65 };

  it('serves c at once and the queue in the next wave, and refuses the rest at once', () => {
    // The rush: 1000 at once, 200 served, 200 in the second wave at 3.65 s < 5 s, 600 refused.
    expect(burstAgainstPool(1000, pool)).toEqual({ served: 400, refused: 600, lastDone: 7.3 });
    expect(burstAgainstPool(150, pool, 0.2)).toEqual({ served: 150, refused: 0, lastDone: 3.85 });
  });

  it('refuses the waiting whose wave starts past the queue timeout', () => {
    const impatient = { ...pool, queueTimeout: 3 };
    expect(burstAgainstPool(1000, impatient)).toEqual({
      served: 200,
      refused: 800,
      lastDone: 3.65,
    });
    // A deep queue and a long timeout: waves of c, each S after the last.
    const patient = { c: 10, queued: 1000, queueTimeout: 100, serviceTime: 1 };
    expect(burstAgainstPool(95, patient).lastDone).toBe(10);
  });
});

describe('an outage', () => {
  it('piles up λ·T and drains it in λ·T / (μ − λ)', () => {
    expect(outageBacklog(10, 5, 30)).toEqual({ backlogPeak: 50, drainTime: 2.5 });
    expect(outageBacklog(10, 5, 10).drainTime).toBe(Infinity);
  });
});
