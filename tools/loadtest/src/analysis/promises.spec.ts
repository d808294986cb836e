import { describe, expect, it } from 'vitest';
import { PROMISE_COUNTS, type Accounting, type PromiseCount } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import { brokenCount, combinePromises, judgePromises, withPromises } from './promises.js';

const clean: Accounting = {
  accepted: 100,
  confirmed: 96,
  failed: 4,
  failedByReason: { card_declined: 4 },
  lost: 0,
  duplicateEffects: 0,
  orphanCharges: 0,
  missingEffects: 0,
  leakedReservations: 0,
  // Hidden work and volumes are not promises: any number of them keeps them.
  retries: 12,
  redeliveries: 3,
  deadLettered: 1,
  effects: {},
  offenders: [],
};

describe('the promises of DESIGN.md section 5', () => {
  it('are the five counts, in the order the design gives them', () => {
    expect(PROMISE_COUNTS).toEqual([
      'lost',
      'duplicateEffects',
      'orphanCharges',
      'missingEffects',
      'leakedReservations',
    ]);
  });

  it('are kept when all five are 0, whatever the retries, redeliveries and dead letters', () => {
    expect(judgePromises(clean)).toEqual({ kept: true, broken: [], unaccounted: 0 });
  });

  it.each(PROMISE_COUNTS)('are broken by %s alone', (count: PromiseCount) => {
    const j = judgePromises({ ...clean, [count]: 1 });
    expect(j).toEqual({ kept: false, broken: [{ count, value: 1 }], unaccounted: 0 });
    expect(brokenCount(j)).toBe(1);
  });

  it('are not kept without an accounting, and say why', () => {
    const j = judgePromises(null);
    expect(j).toEqual({ kept: false, broken: [], unaccounted: 1 });
    expect(brokenCount(j)).toBeNull();
  });

  it('over several runs: kept only when each was, the broken counts summed', () => {
    const a = judgePromises({ ...clean, leakedReservations: 4 });
    const b = judgePromises({ ...clean, leakedReservations: 1, lost: 2 });
    const all = combinePromises([judgePromises(clean), a, b, judgePromises(null)]);
    expect(all).toEqual({
      kept: false,
      broken: [
        { count: 'lost', value: 2 },
        { count: 'leakedReservations', value: 5 },
      ],
      unaccounted: 1,
    });
    expect(combinePromises([judgePromises(clean), judgePromises(clean)]).kept).toBe(true);
  });

  it('are stored with each run, as the runner hands it over', () => {
    const outage = runResult.scenarios.find((s) => s.name === 'email-outage')!;
    const { promises: _stored, ...sync } = outage.variants.find((v) => v.variant === 'sync')!;
    expect(withPromises(sync).promises).toEqual({
      kept: false,
      broken: [{ count: 'orphanCharges', value: 1 }],
      unaccounted: 0,
    });
    expect(withPromises({ ...sync, accounting: null }).promises).toMatchObject({
      kept: false,
      unaccounted: 1,
    });
    expect(outage.promises.broken).toEqual([
      { count: 'duplicateEffects', value: 1 },
      { count: 'orphanCharges', value: 1 },
    ]);
  });
});
