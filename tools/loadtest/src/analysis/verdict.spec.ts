import { describe, expect, it } from 'vitest';
import type { VariantResult, VerdictRow } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import { scenarioNamed } from '../testing/variations.js';
import { verdictFor } from './verdict.js';

const seed = scenarioNamed(runResult, 'seed-checkout').variants;
const outage = scenarioNamed(runResult, 'email-outage').variants;

function row(rows: readonly VerdictRow[], figure: string): VerdictRow {
  const found = rows.find((r) => r.figure.startsWith(figure));
  if (!found) throw new Error(`no row ${figure}`);
  return found;
}

function only(variant: VariantResult['variant'], patch: Partial<VariantResult>): VariantResult {
  const base = seed.find((v) => v.variant === variant)!;
  return { ...base, ...patch };
}

describe('verdictFor', () => {
  it('has the six figures in order', () => {
    expect(verdictFor(seed).map((r) => r.figure)).toEqual([
      'time the customer waits (accepted p50)',
      'time until all work is done (completed p50)',
      'tail latency (completed p99)',
      'throughput achieved (achieved rate)',
      'errors seen by customers (error count)',
      'promises kept (lost + duplicate effects + orphan charges + missing effects + leaked reservations)',
    ]);
  });

  it('lets async win the wait, and says what it pays', () => {
    const wait = row(verdictFor(seed), 'time the customer waits');
    expect(wait.winner).toBe('async');
    expect(wait.values).toEqual({ sync: '3.68 s', async: '3.1 ms', hybrid: '2.46 s' });
    expect(wait.cost).toBe('answers before the work is done: completion p50 is 2.97 s');
  });

  it('calls values within 2 % a tie', () => {
    const rows = verdictFor(seed);
    expect(row(rows, 'time until all work is done').winner).toBe('tie');
    expect(row(rows, 'time until all work is done').cost).toBe(
      'hybrid and async within 2 % of each other',
    );
    expect(row(rows, 'throughput achieved').winner).toBe('tie');
  });

  it('ties when every variant kept its promises and showed no errors', () => {
    const rows = verdictFor(seed);
    expect(row(rows, 'promises kept')).toMatchObject({
      winner: 'tie',
      cost: 'every variant kept its promises',
    });
    expect(row(rows, 'errors seen by customers')).toMatchObject({
      winner: 'tie',
      cost: 'no variant showed errors',
    });
  });

  it('picks the one variant that kept its promises in the outage, and its hidden work', () => {
    const rows = verdictFor(outage);
    expect(row(rows, 'promises kept')).toMatchObject({
      winner: 'async',
      values: { sync: '1', async: '0', hybrid: '1' },
      cost: 'hidden work to keep them: 112 retries, 9 redeliveries, 0 dead letters',
    });
    expect(row(rows, 'tail latency').winner).toBe('sync');
    expect(row(rows, 'errors seen by customers')).toMatchObject({
      winner: 'tie',
      cost: 'async and hybrid equal',
    });
  });

  it('needs more than 2 % to win, and the highest rate wins throughput', () => {
    const within = verdictFor([
      only('sync', { achievedRate: 100 }),
      only('async', { achievedRate: 101.9 }),
    ]);
    expect(row(within, 'throughput achieved').winner).toBe('tie');
    const clear = verdictFor([
      only('sync', { achievedRate: 100 }),
      only('async', { achievedRate: 103 }),
    ]);
    expect(row(clear, 'throughput achieved').winner).toBe('async');
  });

  it('says what sync pays when it answers first', () => {
    const rows = verdictFor([
      only('sync', { accepted: { ...seed[0]!.accepted, p50: 100 } }),
      only('hybrid', {}),
    ]);
    const wait = row(rows, 'time the customer waits');
    expect(wait.winner).toBe('sync');
    expect(wait.cost).toBe('holds a connection for the whole checkout (completion p50 3.68 s)');
  });

  it('uses the median over repetitions', () => {
    const sync = seed[0]!;
    const repeats = [100, 5000, 200].map((p50, i) =>
      only('sync', { repeat: i + 1, accepted: { ...sync.accepted, p50 } }),
    );
    const wait = row(verdictFor([...repeats, only('hybrid', {})]), 'time the customer waits');
    expect(wait.values.sync).toBe('200 ms');
    expect(wait.winner).toBe('sync');
  });

  it('leaves out a variant without accounting rather than guessing', () => {
    const rows = verdictFor([
      only('sync', { accounting: null, promises: { kept: false, broken: [], unaccounted: 1 } }),
      only('async', {}),
    ]);
    expect(row(rows, 'promises kept').values).toEqual({ sync: '–', async: '0' });
    expect(row(rows, 'promises kept').winner).toBe('async');
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
    expect(row(rows, 'promises kept')).toMatchObject({
      winner: 'sync',
      values: { sync: '0', hybrid: '4' },
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
