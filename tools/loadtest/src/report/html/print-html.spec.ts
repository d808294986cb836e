import { describe, expect, it } from 'vitest';
import { chartsFor } from './chart-data.js';
import type { ChartSpec } from './chart-spec.js';
import { repeatedRun } from '../../testing/repeats-run.js';
import { HOSTILE, runResult } from '../../testing/run-result.js';
import { jsonForScript } from './escape.js';
import { printHtml } from './print-html.js';

const DATA_BLOCK = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/;

function split(html: string): { json: string; rest: string } {
  const match = DATA_BLOCK.exec(html);
  if (!match) throw new Error('no data block');
  return { json: match[1]!, rest: html.replace(match[0], '') };
}

describe('printHtml', () => {
  const html = printHtml(runResult);

  it('is one self-contained document: uPlot inline, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).toContain('var uPlot=function()');
    expect(html).toContain('.uplot');
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('says per variant how late the tool sent', () => {
    expect(html).toContain('<h3>Send lag (how late the tool sent, against the intended time)</h3>');
    expect(html).toMatch(/sync: p50 0\.4 ms, p99 2\.1 ms, max 2\.16 ms over [\d,]+ sends/);
  });

  it("draws where a median and a p99 order's time went, per variant, and what tracing costs", () => {
    expect(html).toContain('<h3>Where the time went</h3>');
    expect(html.match(/<svg class="waterfall"/g)).toHaveLength(6);
    expect(html).toContain('<h4>sync · median order <span class="muted">');
    // The sync order's seven provider steps, each a bar of the provider's colour.
    const syncMedian = html.slice(
      html.indexOf('sync · median order'),
      html.indexOf('sync · p99 order'),
    );
    expect(syncMedian.match(/simulate \w+<\/text>/g)).toHaveLength(7);
    expect(syncMedian).toMatch(
      /class="good">parts 3\.6\d s of 3\.6\d s measured \(99\.\d+ %\): within 5 %</,
    );
    // The async order's queue waits, drawn and named.
    const asyncMedian = html.slice(
      html.indexOf('async · median order'),
      html.indexOf('async · p99 order'),
    );
    expect(asyncMedian).toContain('inventory · wait async.order.placed');
    expect(asyncMedian).toMatch(/queue waits [\d.]+ ms/);
    expect(html).toContain('<h4>What tracing costs an answer</h4>');
    expect(html).toMatch(/<td class="num">\+0\.3 ms<\/td>/);
  });

  it('escapes data everywhere outside the JSON block', () => {
    const { rest } = split(html);
    expect(rest).not.toContain('<script>alert');
    expect(rest).not.toContain(HOSTILE);
    expect(rest).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(rest).toContain('email sent twice &lt;b&gt;after&lt;/b&gt;');
    // Only the report's own three scripts open and close: data opened none.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('keeps the JSON block closed against the data, and the data intact', () => {
    const { json } = split(html);
    expect(json).not.toMatch(/[<>]/);
    const data = JSON.parse(json) as { charts: ChartSpec[] };
    const labels = data.charts.flatMap((c) => c.shades.flatMap((s) => s.label));
    expect(labels).toContain(`redis ${HOSTILE}`);
    expect(data.charts).toEqual(JSON.parse(JSON.stringify(runResult.scenarios.flatMap(chartsFor))));
  });

  it('escapes what could end a script or confuse a parser in JSON', () => {
    const tricky = { a: '</script><!-- <script>', b: '&amp;', c: '\u2028\u2029' };
    const text = jsonForScript(tricky);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(tricky);
  });

  it('has the header, the article table and every scenario section', () => {
    expect(html).toContain('<code>2025-03-14T10-02-11Z-a1b2</code>');
    expect(html).toContain('<span class="badge fail">failed</span>');
    expect(html).toContain('Machine: 2 × AMD EPYC 7B13 · 7.8 GiB · linux 6.1.0-28-amd64');
    expect(html).toContain('<details><summary>Options of the run</summary>');
    expect(html).toContain("<h2>The article's table</h2>");
    expect(html).toContain('<td class="num">+0.88 %</td><td class="mark good">✓</td>');
    expect(html.indexOf("The article's table")).toBeLessThan(
      html.indexOf('<h2>seed-checkout</h2>'),
    );
    expect(html).toContain('<h2>email-outage</h2>');
  });

  it('shows accounting with broken promises in red and their offenders', () => {
    expect(html).toContain('<td class="num bad">1</td>');
    expect(html).toContain('<td class="bad">ord-s-0193</td>');
    expect(html).toContain('<td class="bad">ord-h-0271</td>');
    expect(html).toContain('dead letters');
  });

  it('tables each fault as it ran, marking a variant that never recovered', () => {
    expect(html).toContain('<h3>Faults as they ran</h3>');
    expect(html).toContain('<td>crash async-notification</td>');
    expect(html).toContain(
      '<td class="num bad">none: not back to normal by the end of the run</td>',
    );
    expect(html).toContain('Orders with each effect applied:');
  });

  it('gives every chart a container, numbered across the page', () => {
    const charts = runResult.scenarios.flatMap(chartsFor);
    expect(charts.map((c) => c.title)).toEqual([
      'Latency over time (p99 per second)',
      'Rate over time',
      'Backlog depth over time',
      'Accepted vs completed: latency distribution',
      'Latency over time (p99 per second)',
      'Rate over time',
      'Errors over time',
      'Backlog depth over time',
      'Accepted vs completed: latency distribution',
    ]);
    charts.forEach((_, i) => expect(html).toContain(`id="chart-${i}"`));
    expect(html).not.toContain(`id="chart-${charts.length}"`);
  });

  it('prints the same bytes for the same result', () => {
    expect(printHtml(structuredClone(runResult))).toBe(html);
  });
});

describe('a scenario of three repeats in the HTML report', () => {
  const html = printHtml(repeatedRun);

  it('shows each threshold as the median beside its min, max and every repeat', () => {
    expect(html).toContain(
      '<th>variant</th><th>metric</th><th class="num">median</th><th class="num">min</th><th class="num">max</th><th>each repeat</th><th class="num">limit</th><th>outcome</th>',
    );
    expect(html).toContain(
      '<td>async</td><td>accepted.p99</td><td class="num win">5.1 ms</td><td class="num">4.6 ms</td><td class="num">12.6 ms</td><td>4.6 ms · 12.6 ms · 5.1 ms</td><td class="num">10 ms</td><td class="good">passed</td>',
    );
    expect(html).toContain('Judged on the median over the repeats');
  });

  it('says what the verdict values are, and which repeat the charts show', () => {
    expect(html).toContain('Each value is the median over the variant&#39;s 3 repeats');
    expect(html).toContain(
      'Charts and Little&#39;s law show each variant&#39;s median repeat by accepted.p99 of its 3 (sync #2, async #3, hybrid #2)',
    );
  });
});
