/**
 * A fault scenario with its variants run at the same time (`together`, how a
 * full run takes every fault scenario), quick: each variant on a stack and
 * brokers of its own, started at once, its fault applied to its own stack,
 * and the books balanced for each. No second is asserted here: on a busy
 * test machine three stacks at once make them late (loadtest-faults does the
 * timing, one variant after another).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSuite, type ScenarioResult } from '@lab/loadtest';

let scenario: ScenarioResult;

beforeAll(async () => {
  const result = await runSuite({
    quick: true,
    together: true,
    scenarios: ['email-outage'],
    repeat: 1,
    seed: 1,
    catalogSize: 100,
  });
  scenario = result.scenarios[0]!;
}, 180_000);

describe('a fault scenario run together (quick)', () => {
  it('starts every variant at once, each beside the others rather than after them', () => {
    expect(scenario.variants.map((v) => v.variant)).toEqual(['sync', 'async', 'hybrid']);
    const starts = scenario.variants.map((v) => Date.parse(v.startedAt));
    // One after another they would start a run and a drain apart (3 s and more).
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(2000);
    expect(scenario.notes.some((n) => n.startsWith('The variants ran at the same time'))).toBe(
      true,
    );
  });

  it("applies each variant's fault to its own stack, and keeps every promise in each", () => {
    for (const v of scenario.variants) {
      expect(
        v.faults.map((f) => [f.executed, f.target]),
        v.variant,
      ).toEqual([[true, `${v.variant}-notification`]]);
      expect(v.drained, v.variant).toBe(true);
      expect(v.promises, v.variant).toMatchObject({ kept: true, broken: [] });
    }
  });
});
