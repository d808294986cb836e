import { describe, expect, it } from 'vitest';
import { cell, run } from '../testing/crossover-cells.js';
import type { VariantResult } from '../result/index.js';
import { cellFigures } from './crossover-rule.js';

/** The judgement of a cell of these runs. */
const judge = (runs: VariantResult[]) => cell(20, 300, runs).judgement;

describe('judgeCell: the better of sync and async', () => {
  it('takes the lower p99 time until done, and says by how much', () => {
    expect(judge([run('sync', 52), run('async', 84)])).toEqual({
      better: 'sync',
      factor: 84 / 52,
      reason: 'faster',
    });
    expect(judge([run('sync', 4250), run('async', 3060)]).better).toBe('async');
  });

  it('calls p99s within 10 % even', () => {
    expect(judge([run('sync', 503), run('async', 535)])).toEqual({
      better: 'tie',
      factor: 535 / 503,
      reason: 'within-tie',
    });
    expect(judge([run('sync', 500), run('async', 556)]).better).toBe('sync');
  });

  it('counts an error answer as never done: worse than any completion', () => {
    expect(judge([run('sync', null, { done: 59, saturated: 41 }), run('async', 9800)])).toEqual({
      better: 'async',
      factor: null,
      reason: 'not-done',
      notDone: 'sync',
    });
    expect(judge([run('sync', 3000), run('async', null, { done: 90 })]).better).toBe('sync');
  });

  it('with neither 99 % done, prefers the one that left fewer undone', () => {
    expect(judge([run('sync', null, { done: 40 }), run('async', null, { done: 90 })])).toEqual({
      better: 'async',
      factor: null,
      reason: 'neither-done',
    });
    // 60 % and 55 % not done: within 10 % of each other.
    expect(judge([run('sync', null, { done: 40 }), run('async', null, { done: 45 })]).better).toBe(
      'tie',
    );
  });

  it('has nothing to compare when only one ran', () => {
    expect(judge([run('sync', 50)])).toEqual({
      better: null,
      factor: null,
      reason: 'one-ran',
      ran: 'sync',
    });
    expect(judge([])).toMatchObject({ better: null, ran: null });
  });

  it('takes the median over repetitions, "never" counting as the slowest', () => {
    const sync = [
      run('sync', 50),
      run('sync', null, { repeat: 2 }),
      run('sync', 60, { repeat: 3 }),
    ];
    expect(cellFigures(sync)?.doneP99).toBe(60);
    const mostlyNever = [run('sync', 50), run('sync', null), run('sync', null)];
    expect(cellFigures(mostlyNever)?.doneP99).toBeNull();
  });

  it('never calls a variant that broke a promise in the cell the better one', () => {
    // async is faster, but lost an order in one of its repetitions.
    expect(
      judge([run('sync', 84), run('async', 52), run('async', 50, { repeat: 2, lost: 2 })]),
    ).toEqual({
      better: 'sync',
      factor: null,
      reason: 'promises-broken',
      promisesBroken: ['async'],
    });
    expect(judge([run('sync', 52, { lost: 1 }), run('async', 84, { lost: 3 })])).toEqual({
      better: 'tie',
      factor: null,
      reason: 'promises-broken',
      promisesBroken: ['sync', 'async'],
    });
  });

  it('stores each variant’s figures and promises in the cell', () => {
    const c = cell(20, 300, [run('sync', 52), run('async', null, { done: 59, saturated: 41 })]);
    expect(c.figures.async).toMatchObject({ doneP99: null, errors: { saturated: 41 } });
    expect(c.figures.async!.notDone).toBeCloseTo(0.41, 9);
    expect(c.figures.sync).toMatchObject({ doneP99: 52, doneP50: 26, notDone: 0 });
    expect(c.promises).toEqual({
      sync: { kept: true, broken: [], unaccounted: 0 },
      async: { kept: true, broken: [], unaccounted: 0 },
    });
  });

  it('reads nothing from a run without a time until done', () => {
    expect(cellFigures([{ ...run('sync', 50), timeUntilDone: undefined }])).toBeNull();
  });
});
