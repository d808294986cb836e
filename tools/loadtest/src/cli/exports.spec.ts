/** The exports a run writes, end to end: the runner's list, the recorder's histograms, the report's files. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hdr from 'hdr-histogram-js';
import { afterAll, describe, expect, it } from 'vitest';
import { exportList } from '../analysis/exports.js';
import type { RunResult } from '../result/index.js';
import { LatencyRecorder } from '../stats/latency-recorder.js';
import { runResult } from '../testing/run-result.js';
import { writeReport } from '../report/write-report.js';

const out = mkdtempSync(join(tmpdir(), 'loadtest-exports-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The fixture run with real histograms behind each run's summaries, as a runner records them. */
function withHistograms(): RunResult {
  let k = 0;
  const scenarios = runResult.scenarios.map((s) => ({
    ...s,
    variants: s.variants.map((v) => {
      const accepted = new LatencyRecorder();
      const completed = new LatencyRecorder();
      // A long-tailed spread of latencies, different per run.
      for (let i = 1; i <= 2000; i++) {
        accepted.record(((i * 7919 + k) % 2000) / 10 + 1);
        completed.record(3650 + ((i * 104729 + k) % 2000) ** 1.3 / 10);
      }
      k++;
      const run = {
        ...v,
        accepted: accepted.summary(),
        completed: completed.summary(),
        histograms: {
          unit: 'us' as const,
          accepted: accepted.encoded(),
          completed: completed.encoded(),
        },
      };
      accepted.destroy();
      completed.destroy();
      return run;
    }),
  }));
  return { ...runResult, scenarios, exports: exportList(scenarios) };
}

describe('the exports beside report.json', () => {
  const result = withHistograms();
  const dir = writeReport(result, out);

  it('lists every file in report.json and in the report, and writes each', () => {
    const saved = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunResult;
    const paths = saved.exports!.map((f) => f.path);
    expect(paths).toContain('exports/seed-checkout-sync-1-accepted.hlog');
    expect(paths).toContain('exports/email-outage-timeline.csv');
    expect(paths.at(-1)).toBe('exports/thresholds.junit.xml');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const p of paths) {
      expect(readFileSync(join(dir, p), 'utf8').length).toBeGreaterThan(0);
      expect(markdown).toContain(`](${p})`);
      expect(html).toContain(`<a href="${p}">`);
    }
  });

  it("opens each HDR log with hdr-histogram-js's reader, and gives the report's percentiles", () => {
    for (const s of result.scenarios)
      for (const v of s.variants)
        for (const which of ['accepted', 'completed'] as const) {
          const log = readFileSync(
            join(dir, `exports/${s.name}-${v.variant}-${v.repeat}-${which}.hlog`),
            'utf8',
          );
          const reader = new hdr.HistogramLogReader(log);
          const histogram = reader.nextIntervalHistogram()!;
          expect(histogram).not.toBeNull();
          const summary = v[which];
          expect(histogram.totalCount).toBe(summary.count);
          for (const [p, key] of [
            [50, 'p50'],
            [90, 'p90'],
            [99, 'p99'],
            [99.9, 'p999'],
          ] as const)
            expect(histogram.getValueAtPercentile(p) / 1000).toBeCloseTo(summary[key], 6);
          // The max comes back as the top of its bucket: within the histogram's 3 significant digits.
          expect(Math.abs(histogram.maxValue / 1000 - summary.max)).toBeLessThanOrEqual(
            summary.max * 1e-3,
          );
          expect(reader.nextIntervalHistogram()).toBeNull();
          histogram.destroy();
        }
  });

  it('writes the timeline as CSV, one row per run and second, and the thresholds as JUnit XML', () => {
    const csv = readFileSync(join(dir, 'exports/email-outage-timeline.csv'), 'utf8')
      .trim()
      .split('\n');
    const outage = result.scenarios.find((s) => s.name === 'email-outage')!;
    expect(csv[0]).toBe(
      'variant,repeat,t,warmup,offered,achieved,completed,errors,inFlight,incomplete,acceptedP50Ms,acceptedP99Ms,completedP50Ms,completedP99Ms,backlog',
    );
    expect(csv).toHaveLength(1 + outage.variants.reduce((n, v) => n + v.timeline.length, 0));
    const xml = readFileSync(join(dir, 'exports/thresholds.junit.xml'), 'utf8');
    const failed = result.scenarios.flatMap((s) => s.thresholds).filter((t) => !t.passed).length;
    const brokenPromises = result.scenarios.filter((s) => !s.promises.kept).length;
    expect(xml.match(/<testcase /g)).toHaveLength(
      result.scenarios.reduce((n, s) => n + s.thresholds.length + 1, 0),
    );
    expect(xml.match(/<failure /g) ?? []).toHaveLength(failed + brokenPromises);
    expect(xml).not.toContain('<script>');
  });
});
