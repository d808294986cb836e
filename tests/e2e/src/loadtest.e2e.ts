import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite, writeReport, type RunResult } from '@lab/loadtest';

let result: RunResult;
let out: string;

beforeAll(async () => {
  result = await runSuite({
    quick: true,
    scenarios: ['seed-checkout', 'rush'],
    repeat: 1,
    seed: 1,
    catalogSize: 100,
  });
  out = mkdtempSync(join(tmpdir(), 'lab-report-'));
  // seed-checkout runs each variant twice (untraced, then traced), rush once.
}, 360_000);
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const variant = (scenario: string, name: string) =>
  result.scenarios.find((s) => s.name === scenario)!.variants.find((v) => v.variant === name)!;

describe('the load tool against real stacks (quick)', () => {
  it('runs every variant of each scenario and keeps every promise', () => {
    expect(result.scenarios.map((s) => [s.name, s.variants.map((v) => v.variant)])).toEqual([
      ['seed-checkout', ['sync', 'async', 'hybrid']],
      ['rush', ['sync', 'async', 'hybrid']],
    ]);
    for (const s of result.scenarios) {
      for (const v of s.variants) {
        expect(v.drained, `${s.name} ${v.variant} drained`).toBe(true);
        // The runner's judgement of all five counts of DESIGN.md section 5, as report.json stores it.
        expect(v.promises, `${s.name} ${v.variant} promises`).toEqual({
          kept: true,
          broken: [],
          unaccounted: 0,
        });
      }
      expect(s.promises?.kept, `${s.name} promises`).toBe(true);
    }
  });

  it("shows the article's shape: sync waits for everything, hybrid for the critical path, async for nothing", () => {
    const sync = variant('seed-checkout', 'sync');
    const hybrid = variant('seed-checkout', 'hybrid');
    const async = variant('seed-checkout', 'async');
    // timeScale 0.05: 3650 ms → 182.5 ms simulated; 2450 → 122.5.
    expect(sync.accepted.p50).toBeGreaterThan(182);
    expect(sync.completed.p50).toBeGreaterThanOrEqual(sync.accepted.p50);
    expect(hybrid.accepted.p50).toBeGreaterThan(122);
    expect(hybrid.accepted.p50).toBeLessThan(sync.accepted.p50);
    expect(async.accepted.p50).toBeLessThan(hybrid.accepted.p50 / 5);
    expect(async.completed.p50).toBeGreaterThan(122);
    expect(async.completed.count).toBeGreaterThan(0);
  });

  it('draws where a median and a p99 order of seed-checkout went, per variant, from traced runs of its own', () => {
    const seed = result.scenarios.find((s) => s.name === 'seed-checkout')!;
    const tracing = seed.tracing!;
    expect(tracing.variants.map((v) => v.variant)).toEqual(['sync', 'async', 'hybrid']);
    for (const v of tracing.variants) {
      expect(v.promisesKept).toBe(true);
      expect(v.whereTheTimeWent.tracedOrders).toBeGreaterThan(0);
      expect(v.overhead?.traced.values).toHaveLength(1);
      for (const w of [v.whereTheTimeWent.p50!, v.whereTheTimeWent.p99!]) {
        expect(w.totals.providerMs).toBeGreaterThan(0);
        // The parts tile the critical path: their sum is the traced time, by kind too.
        const sum = w.path.reduce((n, p) => n + p.durationMs, 0);
        expect(sum).toBeCloseTo(w.tracedMs, 6);
        expect(w.totals.providerMs + w.totals.stackMs).toBeCloseTo(w.tracedMs, 6);
      }
    }
    const [sync, async] = tracing.variants;
    expect(sync!.whereTheTimeWent.p50!.path.filter((p) => p.kind === 'provider')).toHaveLength(7);
    expect(async!.whereTheTimeWent.p50!.totals.queueMs).toBeGreaterThan(0);
    // The scenario's own figures are the untraced runs'.
    expect(seed.variants.every((r) => r.whereTheTimeWent === undefined)).toBe(true);
  });

  it('shows the sync pool saturating in the rush while async accepts every click', () => {
    const sync = variant('rush', 'sync');
    const async = variant('rush', 'async');
    expect(sync.statuses['503'] ?? 0).toBeGreaterThan(0);
    expect(async.statuses['202']).toBe(200);
    expect(Object.keys(async.statuses)).toEqual(['202']);
  });

  it("measures the sync pool from each answer's Server-Timing and holds the rush against a burst's waves", () => {
    const sync = variant('rush', 'sync');
    const pool = sync.pool!;
    // Every click of the burst either got a slot or was refused by the pool.
    expect(pool.admitted + pool.refused).toBe(200);
    expect(pool.refused).toBe(sync.statuses['503'] ?? 0);
    // The quick pool's 40 slots go at once; whether the 40 queued get one before the 250 ms
    // timeout depends on how fast this machine serves the first wave.
    expect(pool.admitted).toBeGreaterThanOrEqual(40);
    expect(pool.waited).toBeLessThanOrEqual(40);
    expect(pool.service.meanMs).toBeGreaterThan(182);
    expect(variant('rush', 'async').pool).toBeUndefined();
    const rush = result.scenarios.find((s) => s.name === 'rush')!;
    const checks = rush.model!.filter((c) => c.variant === 'sync');
    expect(checks.map((c) => c.figure)).toEqual([
      'burst: served',
      'burst: refused',
      'burst: last answer',
    ]);
    expect(checks[0]!.measured).toBe(pool.admitted);
    expect(checks[0]!.predicted! + checks[1]!.predicted!).toBe(200);
    expect(checks[2]!.measured).toBeCloseTo(sync.accepted.max / 1000, 6);
  });

  it('writes report.json, report.md and index.html, with latest pointing at the run', () => {
    const dir = writeReport(result, out);
    for (const f of ['report.json', 'report.md', 'index.html'])
      expect(existsSync(join(dir, f))).toBe(true);
    expect(readlinkSync(join(out, 'latest'))).toBe(result.runId);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).runId).toBe(result.runId);
    // The exports it lists are beside it: HDR logs, the timelines as CSV, the thresholds as JUnit.
    const files = result.exports!.map((f) => f.path);
    expect(files).toContain('exports/rush-sync-1-accepted.hlog');
    expect(files).toContain('exports/rush-timeline.csv');
    expect(files).toContain('exports/thresholds.junit.xml');
    for (const f of files) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(dir, 'exports/rush-sync-1-accepted.hlog'), 'utf8')).toMatch(
      /^#\[Histogram log format version/m,
    );
  });
});
