import { describe, expect, it } from 'vitest';
import type { ChartSpec } from './chart-data.js';
import { chartsFor } from './chart-data.js';
import { crossoverCharts } from './crossover-chart.js';
import { gridRows } from '../text/crossover-text.js';
import { crossoverScenario, runWithCrossover } from '../../testing/crossover-run.js';
import { HOSTILE, runResult } from '../../testing/run-result.js';
import { printHtml } from './print-html.js';
import { printMarkdown } from '../markdown/print-markdown.js';

const DATA_BLOCK = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/;

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

describe('the crossover in the HTML report', () => {
  const html = printHtml(runWithCrossover);
  const section = html.slice(html.indexOf('<h2>crossover</h2>'));

  it('shows the verdict, then the grid coloured by the better variant', () => {
    expect(section).toContain(
      '<h3>Verdict</h3><p class="verdict">Under the sync pool of 200 (up to 200/s, every rate tried,',
    );
    expect(section.match(/<td class="xo xo-sync">/g)).toHaveLength(4);
    expect(section.match(/<td class="xo xo-tie">/g)).toHaveLength(3);
    expect(section.match(/<td class="xo xo-async">/g)).toHaveLength(2);
    expect(section).toContain(
      '<td class="xo xo-async"><strong>async</strong><span>sync never (41 % not done) · async 9.8 s</span><span class="muted">600 in flight</span></td>',
    );
    expect(section).toContain('<strong>sync 1.6×</strong>');
    expect(section).toContain('A request answered with an error');
  });

  it('numbers its chart containers after the other scenarios’ and puts its specs in the data', () => {
    const before = runResult.scenarios.flatMap(chartsFor).length;
    for (let i = 0; i < 3; i++) expect(section).toContain(`id="chart-${before + i}"`);
    const data = JSON.parse(DATA_BLOCK.exec(html)![1]!) as { charts: ChartSpec[] };
    expect(data.charts.slice(before)).toEqual(
      JSON.parse(JSON.stringify(crossoverCharts(crossoverScenario))),
    );
  });

  it('tables every cell and sums the accounting, escaping data', () => {
    expect(section).toContain('<h3>Every cell</h3>');
    expect(section).toContain('<td class="num bad">41 %</td><td>saturated: 410</td>');
    expect(section).toContain('<h3>Accounting: nothing lost?</h3>');
    expect(section).not.toContain(HOSTILE);
    expect(section).toContain('a note with &lt;/script&gt;&lt;script&gt;');
  });
});

describe('the crossover in report.md', () => {
  const md = printMarkdown(runWithCrossover);
  const section = md.slice(md.indexOf('## crossover'));

  it('has the verdict, the grid and every cell', () => {
    expect(section).toContain('### Verdict\n\nUnder the sync pool of 200');
    expect(section).toContain('| payment latency ↓ · rate → | 20/s | 80/s | 200/s |');
    expect(section).toContain(
      '| 3 s | even · sync 3 s · async 3.04 s · 60 in flight | **async 1.4×** · sync 4.25 s · async 3.06 s · 240 in flight | **async** · sync never (41 % not done) · async 9.8 s · 600 in flight |',
    );
    expect(section).toContain(
      '| 3 s | 200/s | 600 | sync | 4.62 s | 6.14 s | 5.1 s | never (41 % not done) | 41 % | saturated: 410 |',
    );
    expect(section).toContain('| sync | 9 | 4,990 | 4,990 | 0 | 0 | 0 | 0 |');
  });

  it('makes the data inert', () => {
    expect(section).not.toContain('<script>');
    expect(section).toContain('- a note with &lt;/script>&lt;script>');
  });

  it('grid rows say which is better in every cell', () => {
    const { rates, rows } = gridRows(crossoverScenario.crossover!);
    expect(rates).toEqual(['20/s', '80/s', '200/s']);
    expect(rows.map((r) => r.cells.map((c) => c?.better))).toEqual([
      ['sync', 'sync', 'sync'],
      ['tie', 'tie', 'sync'],
      ['tie', 'async', 'async'],
    ]);
  });
});
