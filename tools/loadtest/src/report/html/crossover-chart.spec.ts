import { describe, expect, it } from 'vitest';
import { chartsFor } from './chart-data.js';
import { crossoverCharts } from './crossover-chart.js';
import { crossoverScenario } from '../../testing/crossover-run.js';
import { runResult } from '../../testing/run-result.js';

describe('the crossover charts', () => {
  const charts = crossoverCharts(crossoverScenario);

  it('draws one chart per payment latency, the arrival rate across on a log scale', () => {
    expect(charts.map((c) => c.title)).toEqual([
      'Payment provider at 50 ms',
      'Payment provider at 500 ms',
      'Payment provider at 3 s',
    ]);
    for (const c of charts) {
      expect(c).toMatchObject({ x: [20, 80, 200], xRange: [10, 400], xLog: true, yLog: true });
      expect(c.y2).toEqual({ label: 'never done', unit: 'percent', range: [0, 100] });
    }
  });

  it('plots p99 time until done, with a gap where it was never done, and the share never done', () => {
    const slow = charts[2]!;
    const series = (label: string) => slow.series.find((s) => s.label === label)!;
    expect(series('sync p99 until done').values).toEqual([3005, 4250, null]);
    expect(series('async p99 until done').values).toEqual([3040, 3060, 9800]);
    expect(series('sync never done')).toMatchObject({ axis: 'y2', dash: true, values: [0, 0, 41] });
    expect(series('async never done').values).toEqual([0, 0, 0]);
  });

  it('shades the rates at which rate × latency passes the sync pool', () => {
    expect(charts[0]!.shades).toEqual([]);
    expect(charts[1]!.shades).toEqual([]);
    expect(charts[2]!.shades).toEqual([
      {
        from: 200_000 / 3000,
        to: 400,
        kind: 'limit',
        label: ['over the sync pool:', 'rate × latency > 200'],
      },
    ]);
  });

  it('has none for a scenario without a sweep', () => {
    expect(crossoverCharts(runResult.scenarios[0]!)).toEqual([]);
    expect(chartsFor(crossoverScenario)).toEqual([]);
  });
});
