import { describe, expect, it } from 'vitest';
import type { VariantResult } from '../../result/index.js';
import { cell, gridOf, run } from '../../testing/crossover-cells.js';
import { cellName, cellWhy, doneText, notDoneText } from './crossover-cell-text.js';

/** Why a cell of these runs went the way it did. */
const why = (runs: VariantResult[]) => {
  const c = cell(20, 300, runs);
  return cellWhy(c, gridOf([c]).rule);
};

describe('cellWhy', () => {
  it('says which was faster, by how much, with both p99s', () => {
    expect(why([run('sync', 52), run('async', 84)])).toBe(
      'sync 1.6× faster: sync 52 ms vs async 84 ms',
    );
  });

  it('calls p99s within the tolerance even', () => {
    expect(why([run('sync', 503), run('async', 535)])).toBe(
      'within 10 %: sync 503 ms vs async 535 ms',
    );
  });

  it('says how much a variant left undone, and why', () => {
    expect(why([run('sync', null, { done: 59, saturated: 41 }), run('async', 9800)])).toBe(
      'sync: 41 % not done (saturated: 41)',
    );
    expect(why([run('sync', null, { done: 40 }), run('async', null, { done: 90 })])).toBe(
      'neither got 99 % done: sync 60 % not done, async 10 % not done',
    );
  });

  it('says when there was nothing to compare', () => {
    expect(why([run('sync', 50)])).toBe('only sync ran: nothing to compare');
    expect(why([])).toBe('only neither ran: nothing to compare');
  });

  it('names the promises a variant broke', () => {
    expect(why([run('sync', 84), run('async', 52), run('async', 50, { repeat: 2, lost: 2 })])).toBe(
      'async broke its promises (lost 2)',
    );
    expect(why([run('sync', 52, { lost: 1 }), run('async', 84, { lost: 3 })])).toBe(
      'both broke their promises: sync broke its promises (lost 1); async broke its promises (lost 3)',
    );
  });
});

describe('the pieces of a cell in words', () => {
  it('names a cell by its rate and payment latency', () => {
    expect(cellName({ rate: 200, paymentLatencyMs: 3000 })).toBe('200/s × 3 s');
  });

  it('gives a p99 or "never", with the share not done', () => {
    const f = {
      doneP99: null,
      doneP50: 40,
      notDone: 0.34,
      errors: { saturated: 612 },
      answeredP50: 1,
      answeredP99: 2,
    };
    expect(doneText(f, 'doneP99')).toBe('never (34 % not done)');
    expect(doneText(f, 'doneP50')).toBe('40 ms');
    expect(doneText(undefined, 'doneP99')).toBe('–');
    expect(notDoneText(f)).toBe('34 % not done (saturated: 612)');
  });
});
