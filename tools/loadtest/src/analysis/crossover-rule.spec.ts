import { describe, expect, it } from 'vitest';
import { cellFigures, judgeCell } from './crossover-rule.js';
import { run } from '../testing/crossover-cells.js';

describe('judgeCell: the better of sync and async', () => {
  it('takes the lower p99 time until done, and says by how much', () => {
    expect(judgeCell([run('sync', 52), run('async', 84)])).toEqual({
      better: 'sync',
      factor: 84 / 52,
      why: 'sync 1.6× faster: sync 52 ms vs async 84 ms',
    });
    expect(judgeCell([run('sync', 4250), run('async', 3060)]).better).toBe('async');
  });

  it('calls p99s within 10 % even', () => {
    expect(judgeCell([run('sync', 503), run('async', 535)])).toMatchObject({
      better: 'tie',
      why: 'within 10 %: sync 503 ms vs async 535 ms',
    });
    expect(judgeCell([run('sync', 500), run('async', 556)]).better).toBe('sync');
  });

  it('counts an error answer as never done: worse than any completion', () => {
    const judged = judgeCell([run('sync', null, { done: 59, saturated: 41 }), run('async', 9800)]);
    expect(judged).toEqual({
      better: 'async',
      factor: null,
      why: 'sync: 41 % not done (saturated: 41)',
    });
    expect(judgeCell([run('sync', 3000), run('async', null, { done: 90 })]).better).toBe('sync');
  });

  it('with neither 99 % done, prefers the one that left fewer undone', () => {
    const judged = judgeCell([run('sync', null, { done: 40 }), run('async', null, { done: 90 })]);
    expect(judged.better).toBe('async');
    expect(judged.why).toBe('neither got 99 % done: sync 60 % not done, async 10 % not done');
  });

  it('has nothing to compare when only one ran', () => {
    expect(judgeCell([run('sync', 50)])).toEqual({
      better: null,
      factor: null,
      why: 'only sync ran: nothing to compare',
    });
  });

  it('takes the median over repetitions, "never" counting as the slowest', () => {
    const sync = [
      run('sync', 50),
      run('sync', null, { repeat: 2 }),
      run('sync', 60, { repeat: 3 }),
    ];
    expect(cellFigures(sync)?.doneP99).toBe(60);
    const mostlyNever = [run('sync', 50), run('sync', null), run('sync', null)];
    expect(cellFigures(mostlyNever)?.doneP99).toBe(Infinity);
  });

  it('never calls a variant that broke a promise in the cell the better one', () => {
    // async is faster, but lost an order in one of its repetitions.
    expect(
      judgeCell([run('sync', 84), run('async', 52), run('async', 50, { repeat: 2, lost: 2 })]),
    ).toEqual({
      better: 'sync',
      factor: null,
      why: 'async broke its promises (lost 2)',
      promisesBroken: ['async'],
    });
    expect(judgeCell([run('sync', 52, { lost: 1 }), run('async', 84, { lost: 3 })])).toEqual({
      better: 'tie',
      factor: null,
      why: 'both broke their promises: sync broke its promises (lost 1); async broke its promises (lost 3)',
      promisesBroken: ['sync', 'async'],
    });
  });

  it('reads nothing from a run without a time until done', () => {
    expect(cellFigures([{ ...run('sync', 50), timeUntilDone: undefined }])).toBeNull();
  });
});
