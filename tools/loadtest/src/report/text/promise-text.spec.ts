import { describe, expect, it } from 'vitest';
import { PROMISE_COUNTS } from '../../result/index.js';
import { promiseLabel, promisesText } from './promise-text.js';

describe('the promises in words', () => {
  it('names every count', () => {
    expect(PROMISE_COUNTS.map(promiseLabel)).toEqual([
      'lost',
      'duplicate effects',
      'orphan charges',
      'missing effects',
      'leaked reservations',
    ]);
  });

  it('says kept, or what broke them and that a run had no accounting', () => {
    expect(promisesText({ kept: true, broken: [], unaccounted: 0 })).toBe('kept');
    expect(promisesText({ kept: false, broken: [], unaccounted: 1 })).toBe(
      'no accounting: the reconcile failed, nothing shows the promises kept',
    );
    expect(
      promisesText({
        kept: false,
        broken: [
          { count: 'lost', value: 2 },
          { count: 'leakedReservations', value: 1500 },
        ],
        unaccounted: 2,
      }),
    ).toBe(
      'lost 2, leaked reservations 1,500, 2 runs without an accounting: their reconcile failed, nothing shows the promises kept',
    );
  });
});
