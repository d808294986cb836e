import { describe, expect, it } from 'vitest';
import type { ChartSpec } from './chart-spec.js';
import { chartsFor } from './chart-data.js';
import { crossoverCharts } from './crossover-chart.js';
import { crossoverScenario, runWithCrossover } from '../../testing/crossover-run.js';
import { HOSTILE, runResult } from '../../testing/run-result.js';
import { printHtml } from './print-html.js';

const DATA_BLOCK = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/;

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
