import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult, VariantRun } from '../../result/index.js';
import { defaultSuite } from '../../scenario/default-suite.js';
import { outageChecks } from './outage-checks.js';

const saved = JSON.parse(
  readFileSync(new URL('../../testing/saved-run/report.json', import.meta.url), 'utf8'),
) as RunResult;
const runs = saved.scenarios.find((s) => s.name === 'email-outage')!.variants;
const scenario = defaultSuite(false).find((s) => s.name === 'email-outage')!;

describe("an outage's backlog beside λ·T and λ·T / (μ − λ)", () => {
  it("reads a saved run's peak over the backlog before the crash, and its drain after the restart", () => {
    const async = runs.find((r) => r.variant === 'async')! as VariantRun;
    const [peak, drain] = outageChecks(scenario, async, 256);
    // 20/s offered, 93 % reach the email step, 5.3 s down: 98.6 emails pile up.
    expect(peak!.predicted).toBeCloseTo(20 * 0.93 * 5.3, 6);
    // Peak 163 over a median of 60 in the steady seconds before the crash.
    expect(peak!.measured).toBe(103);
    expect(peak!.agrees).toBe(true);
    // Back by the sample closing at 14 s, 0.6 s after the restart; the model's 0.05 s is
    // under the timeline's 1 s step, so the two agree.
    expect(drain!.measured).toBeCloseTo(0.6, 6);
    expect(drain!.predicted).toBeLessThan(0.1);
    expect(drain!.agrees).toBe(true);
  });

  it('has nothing to say of a variant whose backlog is not sampled, or a run without a crash', () => {
    const sync = runs.find((r) => r.variant === 'sync')! as VariantRun;
    expect(outageChecks(scenario, sync, 256)).toEqual([]);
    const async = runs.find((r) => r.variant === 'async')! as VariantRun;
    expect(outageChecks(scenario, { ...async, faults: [] }, 256)).toEqual([]);
  });
});
