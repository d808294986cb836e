import { describe, expect, it } from 'vitest';
import type { VerdictRow } from '../../result/index.js';
import { runResult } from '../../testing/run-result.js';
import { scenarioNamed } from '../../testing/variations.js';
import { verdictCostText, verdictFigureText, verdictValueText } from './verdict-text.js';

const rowOf = (scenario: string, figure: VerdictRow['figure']) =>
  scenarioNamed(runResult, scenario).verdict.find((r) => r.figure === figure)!;

const winner = (
  figure: VerdictRow['figure'],
  w: VerdictRow['winner'],
  measures: Extract<VerdictRow['cost'], { kind: 'winner' }>['measures'],
): VerdictRow => ({
  figure,
  winner: w,
  values: {},
  cost: { kind: 'winner', measures },
  tieWithin: 0.02,
});

describe('a verdict row in words', () => {
  it('names the figure and gives each value in its unit', () => {
    const wait = rowOf('seed-checkout', 'accepted-p50');
    expect(verdictFigureText(wait)).toBe('time the customer waits (accepted p50)');
    expect(['sync', 'async', 'hybrid'].map((v) => verdictValueText(wait, v as 'sync'))).toEqual([
      '3.68 s',
      '3.1 ms',
      '2.46 s',
    ]);
    expect(verdictValueText(rowOf('seed-checkout', 'achieved-rate'), 'sync')).toBe('19.9/s');
    expect(verdictFigureText(rowOf('seed-checkout', 'broken-promises'))).toBe(
      'promises kept (lost + duplicate effects + orphan charges + missing effects + leaked reservations)',
    );
  });

  it('says "–" for a value not measured, and nothing for a variant that did not run', () => {
    const row: VerdictRow = { ...rowOf('seed-checkout', 'accepted-p50'), values: { sync: null } };
    expect(verdictValueText(row, 'sync')).toBe('–');
    expect(verdictValueText(row, 'async')).toBeUndefined();
  });

  it('says what the winner pays', () => {
    expect(verdictCostText(rowOf('seed-checkout', 'accepted-p50'))).toBe(
      'answers before the work is done: completion p50 is 2.97 s',
    );
    expect(verdictCostText(rowOf('email-outage', 'broken-promises'))).toBe(
      'hidden work to keep them: 112 retries, 9 redeliveries, 0 dead letters',
    );
    expect(verdictCostText(winner('accepted-p50', 'sync', { completedP50Ms: 3682 }))).toBe(
      'holds a connection for the whole checkout (completion p50 3.68 s)',
    );
    expect(verdictCostText(winner('completed-p99', 'async', { peakBacklog: null }))).toBe(
      'work waits in the brokers, out of the customer’s sight',
    );
    expect(verdictCostText(winner('error-count', 'hybrid', { failedLater: 7 }))).toBe(
      'failures after the answer are not counted here: 7 orders failed later',
    );
    expect(
      verdictCostText(
        winner('broken-promises', 'sync', { retries: 0, redeliveries: 0, deadLettered: 0 }),
      ),
    ).toBe('no hidden work: no retries, redeliveries or dead letters');
    expect(
      verdictCostText(
        winner('broken-promises', 'sync', {
          retries: null,
          redeliveries: null,
          deadLettered: null,
        }),
      ),
    ).toBe('no accounting recorded');
  });

  it('says who tied, and what a tie of all says', () => {
    expect(verdictCostText(rowOf('seed-checkout', 'completed-p50'))).toBe(
      'hybrid and async within 2 % of each other',
    );
    expect(verdictCostText(rowOf('email-outage', 'error-count'))).toBe('async and hybrid equal');
    expect(verdictCostText(rowOf('seed-checkout', 'broken-promises'))).toBe(
      'every variant kept its promises',
    );
    expect(verdictCostText(rowOf('seed-checkout', 'error-count'))).toBe('no variant showed errors');
    expect(
      verdictCostText({ ...rowOf('seed-checkout', 'error-count'), cost: { kind: 'not-measured' } }),
    ).toBe('not measured');
  });
});
