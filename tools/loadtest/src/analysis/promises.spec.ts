import { describe, expect, it } from 'vitest';
import type { Accounting, PromiseCount, RunResult, ScenarioResult } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import {
  brokenCount,
  combinePromises,
  judgePromises,
  PROMISE_COUNTS,
  promisesOf,
  promisesText,
  runPassed,
  scenarioPassed,
  scenarioPromisesOf,
} from './promises.js';

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

/** A saved report from before the judgement was stored: no `promises` anywhere. */
function savedBefore(result: RunResult): RunResult {
  const copy = structuredClone(result) as { -readonly [K in keyof RunResult]: RunResult[K] };
  copy.scenarios = copy.scenarios.map((s) => {
    const { promises: _scenario, ...rest } = s;
    return { ...rest, variants: rest.variants.map(({ promises: _run, ...v }) => v) };
  });
  return copy;
}

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
    expect(promisesText(j)).toBe(
      'no accounting: the reconcile failed, nothing shows the promises kept',
    );
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
    expect(promisesText(all)).toBe(
      'lost 2, leaked reservations 5, no accounting: the reconcile failed, nothing shows the promises kept',
    );
    expect(combinePromises([judgePromises(clean), judgePromises(clean)]).kept).toBe(true);
  });

  it('are read from the result when stored, and judged from the accounting when not', () => {
    const outage = runResult.scenarios.find((s) => s.name === 'email-outage')!;
    const sync = outage.variants.find((v) => v.variant === 'sync')!;
    // Stored: the printers take the runner's word for it.
    const stored = { kept: false, broken: [{ count: 'lost' as const, value: 9 }], unaccounted: 0 };
    expect(promisesOf({ ...sync, promises: stored })).toBe(stored);
    // Not stored (an older report.json): the same judgement, from the accounting.
    const old = savedBefore(runResult).scenarios.find((s) => s.name === 'email-outage')!;
    expect(old.variants.every((v) => v.promises === undefined)).toBe(true);
    expect(scenarioPromisesOf(old)).toEqual(scenarioPromisesOf(outage));
    expect(scenarioPromisesOf(old).broken).toEqual([
      { count: 'duplicateEffects', value: 1 },
      { count: 'orphanCharges', value: 1 },
    ]);
  });

  it('fail an older saved scenario that said passed with a leaked reservation', () => {
    // Before the five counts were judged together, a leak could pass (broker-outage's hybrid).
    const old = savedBefore(runResult);
    const seed = old.scenarios[0] as { -readonly [K in keyof ScenarioResult]: ScenarioResult[K] };
    seed.variants = seed.variants.map((v) =>
      v.variant === 'hybrid'
        ? { ...v, accounting: { ...v.accounting!, leakedReservations: 4 } }
        : v,
    );
    expect(seed.passed).toBe(true);
    expect(scenarioPassed(seed)).toBe(false);
    expect(runPassed({ ...old, passed: true })).toBe(false);
  });
});
