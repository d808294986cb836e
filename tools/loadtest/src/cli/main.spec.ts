import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printJson } from '../report/print-json.js';
import { printHtml } from '../report/html/print-html.js';
import { printMarkdown } from '../report/markdown/print-markdown.js';
import { promiseLabel } from '../report/text/promise-text.js';
import { BREAKER, seedRuns } from '../testing/promise-runs.js';
import { rejudge } from '../testing/rejudge.js';
import { runWithCrossover } from '../testing/crossover-run.js';
import { runResult } from '../testing/run-result.js';
import {
  PROMISE_COUNTS,
  type PromiseCount,
  type RunResult,
  type VariantRun,
} from '../result/index.js';
import type { SuiteOptions } from '../runner/run-suite.js';
import { selectScenarios } from '../scenario/select.js';
import { scenarioResult } from '../runner/scenario-result.js';
import { main, outcomeLines } from './main.js';

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'loadtest-cli-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(out, { recursive: true, force: true });
});

/**
 * A suite that hands the runner's judgement the given runs instead of
 * driving stacks: everything after the runs (the scenario's judgement, the
 * report, the exit code) is the real path.
 */
function suiteOf(runs: readonly VariantRun[], seen: SuiteOptions[] = []) {
  let n = 0;
  return async (options: SuiteOptions): Promise<RunResult> => {
    seen.push(options);
    const scenarios = selectScenarios(options).map((s) =>
      scenarioResult(s, runs, { faults: [], notes: [] }),
    );
    return rejudge({
      ...runResult,
      runId: `cli-test-${++n}-${Math.random().toString(16).slice(2, 8)}`,
      options: {},
      scenarios,
    });
  };
}

async function run(runs: readonly VariantRun[], extra: string[] = []) {
  const code = await main(
    ['run', '--scenario', 'seed-checkout', '--out', out, '--no-progress', ...extra],
    { runSuite: suiteOf(runs) },
  );
  const latest = join(out, 'latest');
  return {
    code,
    markdown: readFileSync(join(latest, 'report.md'), 'utf8'),
    html: readFileSync(join(latest, 'index.html'), 'utf8'),
  };
}

const SEED_FAILED =
  '<div class="title"><h2>seed-checkout</h2><span class="badge fail">failed</span>';

describe('loadtest run: the exit code of a broken promise', () => {
  it('exits 0 when every promise and threshold held', async () => {
    const { code, markdown, html } = await run(seedRuns());
    expect(code).toBe(0);
    expect(markdown).toContain('## seed-checkout: ✅ passed');
    expect(html).toContain(
      '<div class="title"><h2>seed-checkout</h2><span class="badge pass">passed</span>',
    );
  });

  it.each(PROMISE_COUNTS)(
    'exits 1 when only %s is 1, and the reports show it in red',
    async (count: PromiseCount) => {
      const { code, markdown, html } = await run(seedRuns({ count }));
      expect(code).toBe(1);
      const broken = `${promiseLabel(count)} 1`;
      // Markdown: the scenario failed, the run's promise cell flagged.
      expect(markdown).toContain('## seed-checkout: ❌ failed');
      expect(markdown).toMatch(new RegExp(`^\\| ${BREAKER} \\|.*\\| ❌ ${broken} \\|$`, 'm'));
      expect(markdown).toContain(`- ${BREAKER}: ${broken}`);
      // HTML: the badge failed, the promise cell and the count in the accounting in red.
      expect(html).toContain(SEED_FAILED);
      expect(html).toContain(`<td class="bad">${broken}</td>`);
      expect(html).toMatch(
        new RegExp(
          `<td class="winner">${promiseLabel(count)}</td>(<td class="num">0</td>){2}<td class="num bad">1</td>`,
        ),
      );
    },
  );

  it('exits 1 when a run has no accounting, and says so', async () => {
    const { code, markdown, html } = await run(seedRuns('no accounting'));
    expect(code).toBe(1);
    expect(markdown).toContain('## seed-checkout: ❌ failed');
    expect(markdown).toContain('❌ no accounting: the reconcile failed');
    expect(html).toContain(SEED_FAILED);
  });

  it('exits 1 on a broken promise even when the result says it passed', async () => {
    const lying = async (options: SuiteOptions) => {
      const result = await suiteOf(seedRuns({ count: 'leakedReservations' }))(options);
      return { ...result, passed: true };
    };
    const code = await main(['run', '--scenario', 'seed-checkout', '--out', out], {
      runSuite: lying,
    });
    expect(code).toBe(1);
  });

  it('says per failed scenario what broke, a median with its repeats', async () => {
    const runs = seedRuns({ count: 'leakedReservations', value: 4 }, 3).map((r) =>
      r.variant === 'async'
        ? { ...r, accepted: { ...r.accepted, p99: [12.1, 4.8, 10.5][r.repeat - 1]! } }
        : r,
    );
    const result = await suiteOf(runs)({
      quick: false,
      scenarios: ['seed-checkout'],
      seed: 1,
      catalogSize: 100,
    });
    expect(outcomeLines(result)).toEqual([
      '  FAIL  seed-checkout',
      '        promises broken: hybrid #1: leaked reservations 4',
      '        async accepted.p99 10.50 > 10 (median of 3: 12.10, 4.80, 10.50)',
    ]);
  });

  it("runs the scenario's own repeats, unless --repeat says otherwise", async () => {
    const seen: SuiteOptions[] = [];
    const args = ['run', '--scenario', 'seed-checkout', '--out', out];
    await main(args, { runSuite: suiteOf(seedRuns(), seen) });
    await main([...args, '--repeat', '2'], { runSuite: suiteOf(seedRuns(), seen) });
    expect(seen.map((o) => o.repeat)).toEqual([undefined, 2]);
  });

  it('asks for traced runs with --trace, its sample and repeats, or none with --no-trace', async () => {
    const seen: SuiteOptions[] = [];
    const args = ['run', '--scenario', 'seed-checkout', '--out', out];
    const suite = { runSuite: suiteOf(seedRuns(), seen) };
    await main(args, suite);
    await main([...args, '--trace'], suite);
    await main([...args, '--trace-sample', '0.1', '--trace-repeats', '2'], suite);
    await main([...args, '--no-trace'], suite);
    expect(seen.map((o) => o.trace)).toEqual([
      undefined,
      { sampleRatio: 1 },
      { sampleRatio: 0.1, repeats: 2 },
      false,
    ]);
    for (const bad of [
      ['--trace-sample', '0'],
      ['--trace-sample', '2'],
      ['--trace', '--no-trace'],
    ])
      expect(await main([...args, ...bad], suite)).toBe(2);
    expect(seen).toHaveLength(4);
  });

  it("sets every open loop's arrivals with --arrivals, and names a process it does not know", async () => {
    const seen: SuiteOptions[] = [];
    const args = ['run', '--scenario', 'seed-checkout', '--out', out];
    const suite = { runSuite: suiteOf(seedRuns(), seen) };
    await main([...args, '--arrivals', 'poisson'], suite);
    expect(seen.map((o) => o.arrivals)).toEqual(['poisson']);
    const [seed] = selectScenarios({
      quick: true,
      scenarios: ['seed-checkout'],
      arrivals: 'bursty',
    });
    expect(seed!.arrivals).toMatchObject({ process: 'bursty', onS: 2, offS: 8 });
    const errors = vi.mocked(console.error);
    errors.mockClear();
    expect(await main([...args, '--arrivals', 'gaussian'], suite)).toBe(2);
    expect(String(errors.mock.calls[0]?.[0])).toContain(
      '--arrivals must be one of uniform, poisson, bursty, got gaussian',
    );
    expect(seen).toHaveLength(1);
  });

  it('runs the fault scenarios together or one by one as asked, and only those', async () => {
    const seen: SuiteOptions[] = [];
    const args = ['run', '--scenario', 'seed-checkout', '--out', out];
    const suite = { runSuite: suiteOf(seedRuns(), seen) };
    await main([...args, '--together'], suite);
    await main([...args, '--one-by-one'], suite);
    await main(args, suite);
    expect(seen.map((o) => o.together)).toEqual([true, false, undefined]);
    expect(await main([...args, '--together', '--one-by-one'], suite)).toBe(2);
    const pick = (quick: boolean, together?: boolean) =>
      selectScenarios({
        quick,
        scenarios: ['seed-checkout', 'email-outage'],
        ...(together === undefined ? {} : { together }),
      }).map((s) => [s.name, s.together]);
    // As declared: fault scenarios together in full runs, one by one quick; speed never together.
    expect(pick(false)).toEqual([
      ['seed-checkout', undefined],
      ['email-outage', true],
    ]);
    expect(pick(true)).toEqual([
      ['seed-checkout', undefined],
      ['email-outage', false],
    ]);
    expect(pick(true, true)).toEqual([
      ['seed-checkout', undefined],
      ['email-outage', true],
    ]);
    expect(pick(false, false)[1]).toEqual(['email-outage', false]);
  });

  it('exits 2 on a usage error', async () => {
    expect(await main(['run'], { runSuite: suiteOf([]) })).toBe(2);
    expect(await main(['run', '--scenario', 'x', '--repeat', '0'])).toBe(2);
  });
});

describe('loadtest report: a saved run printed again', () => {
  it('writes report.md and index.html beside its report.json, from it alone', async () => {
    const dir = mkdtempSync(join(out, 'saved-'));
    writeFileSync(join(dir, 'report.json'), printJson(runWithCrossover));
    expect(await main(['report', dir])).toBe(0);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(printMarkdown(runWithCrossover));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(printHtml(runWithCrossover));
    // By run id under --out, and by the file itself.
    const id = dir.split('/').at(-1)!;
    expect(await main(['report', id, '--out', out])).toBe(0);
    expect(await main(['report', join(dir, 'report.json')])).toBe(0);
  });

  it('exits 2 without a saved run', async () => {
    expect(await main(['report', join(out, 'no-such-run')])).toBe(2);
    expect(await main(['report'])).toBe(2);
  });
});
