import { describe, expect, it } from 'vitest';
import type { VariantResult, VerdictFigure, VerdictRow } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import { scenarioNamed } from '../testing/variations.js';
import { verdictFor } from './verdict.js';

const seed = scenarioNamed(runResult, 'seed-checkout').variants;
const outage = scenarioNamed(runResult, 'email-outage').variants;

function row(rows: readonly VerdictRow[], figure: VerdictFigure): VerdictRow {
  const found = rows.find((r) => r.figure === figure);
  if (!found) throw new Error(`no row ${figure}`);
  return found;
}

function only(variant: VariantResult['variant'], patch: Partial<VariantResult>): VariantResult {
  const base = seed.find((v) => v.variant === variant)!;
  return { ...base, ...patch };
}

describe('verdictFor', () => {
  it('has the six figures in order, each with its tie tolerance', () => {
    const rows = verdictFor(seed);
    expect(rows.map((r) => r.figure)).toEqual([
      'accepted-p50',
      'completed-p50',
      'completed-p99',
      'achieved-rate',
      'error-count',
      'broken-promises',
    ]);
    expect(rows.every((r) => r.tieWithin === 0.02)).toBe(true);
  });

  it('lets async win the wait, and stores what it pays as numbers', () => {
    const wait = row(verdictFor(seed), 'accepted-p50');
    expect(wait.winner).toBe('async');
    expect(wait.values).toEqual({ sync: 3681, async: 3.1, hybrid: 2463 });
    expect(wait.cost).toEqual({ kind: 'winner', measures: { completedP50Ms: 2973 } });
  });

  it('calls values within 2 % a tie, naming who tied', () => {
    const rows = verdictFor(seed);
    expect(row(rows, 'completed-p50')).toMatchObject({
      winner: 'tie',
      cost: { kind: 'tie', variants: ['hybrid', 'async'], equal: false },
    });
    expect(row(rows, 'achieved-rate').winner).toBe('tie');
  });

  it('ties when every variant kept its promises and showed no errors', () => {
    const rows = verdictFor(seed);
    expect(row(rows, 'broken-promises')).toMatchObject({
      winner: 'tie',
      cost: { kind: 'all-clear', reason: 'promises-kept' },
    });
    expect(row(rows, 'error-count')).toMatchObject({
      winner: 'tie',
      cost: { kind: 'all-clear', reason: 'no-errors' },
    });
  });

  it('picks the one variant that kept its promises in the outage, and its hidden work', () => {
    const rows = verdictFor(outage);
    expect(row(rows, 'broken-promises')).toEqual({
      figure: 'broken-promises',
      winner: 'async',
      values: { sync: 1, async: 0, hybrid: 1 },
      cost: { kind: 'winner', measures: { retries: 112, redeliveries: 9, deadLettered: 0 } },
      tieWithin: 0.02,
    });
    expect(row(rows, 'completed-p99').winner).toBe('sync');
    expect(row(rows, 'error-count')).toMatchObject({
      winner: 'tie',
      cost: { kind: 'tie', variants: ['async', 'hybrid'], equal: true },
    });
  });

  it('needs more than 2 % to win, and the highest rate wins throughput', () => {
    const within = verdictFor([
      only('sync', { achievedRate: 100 }),
      only('async', { achievedRate: 101.9 }),
    ]);
    expect(row(within, 'achieved-rate').winner).toBe('tie');
    const clear = verdictFor([
      only('sync', { achievedRate: 100 }),
      only('async', { achievedRate: 103 }),
    ]);
    expect(row(clear, 'achieved-rate')).toMatchObject({
      winner: 'async',
      cost: { kind: 'winner', measures: { peakIncomplete: expect.any(Number) } },
    });
  });

  it('says what sync pays when it answers first', () => {
    const rows = verdictFor([
      only('sync', { accepted: { ...seed[0]!.accepted, p50: 100 } }),
      only('hybrid', {}),
    ]);
    expect(row(rows, 'accepted-p50')).toMatchObject({
      winner: 'sync',
      cost: { kind: 'winner', measures: { completedP50Ms: 3682 } },
    });
  });

  it('uses the median over repetitions', () => {
    const sync = seed[0]!;
    const repeats = [100, 5000, 200].map((p50, i) =>
      only('sync', { repeat: i + 1, accepted: { ...sync.accepted, p50 } }),
    );
    const wait = row(verdictFor([...repeats, only('hybrid', {})]), 'accepted-p50');
    expect(wait.values.sync).toBe(200);
    expect(wait.winner).toBe('sync');
  });

  it('leaves out a variant without accounting rather than guessing', () => {
    const rows = verdictFor([
      only('sync', { accounting: null, promises: { kept: false, broken: [], unaccounted: 1 } }),
      only('async', {}),
    ]);
    expect(row(rows, 'broken-promises').values).toEqual({ sync: null, async: 0 });
    expect(row(rows, 'broken-promises').winner).toBe('async');
  });

  it('counts every promise of section 5, summed over repetitions, not their median', () => {
    const leaky = (repeat: number, leakedReservations: number) =>
      only('hybrid', {
        repeat,
        promises: {
          kept: leakedReservations === 0,
          broken: leakedReservations
            ? [{ count: 'leakedReservations', value: leakedReservations }]
            : [],
          unaccounted: 0,
        },
      });
    const rows = verdictFor([
      only('sync', {}),
      only('sync', { repeat: 2 }),
      only('sync', { repeat: 3 }),
      leaky(1, 0),
      leaky(2, 4),
      leaky(3, 0),
    ]);
    // The median of 0, 4, 0 is 0: one broken repetition must not hide behind two clean ones.
    expect(row(rows, 'broken-promises')).toMatchObject({
      winner: 'sync',
      values: { sync: 0, hybrid: 4 },
    });
  });

  it('has not measured a figure no variant measured', () => {
    const silent = (v: VariantResult['variant']) =>
      only(v, { accepted: { ...seed[0]!.accepted, count: 0 } });
    expect(row(verdictFor([silent('sync'), silent('async')]), 'accepted-p50')).toMatchObject({
      winner: 'tie',
      values: { sync: null, async: null },
      cost: { kind: 'not-measured' },
    });
  });

  it('has nothing to compare with fewer than two variants', () => {
    expect(verdictFor([])).toEqual([]);
    expect(verdictFor([seed[0]!])).toEqual([]);
  });

  it('is pure: same input, same rows, input untouched', () => {
    const before = structuredClone(outage);
    expect(verdictFor(outage)).toEqual(verdictFor(structuredClone(outage)));
    expect(outage).toEqual(before);
  });
});
