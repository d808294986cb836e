/**
 * The fixed run with ramped variants and a transport benchmark, as the
 * runner judges it: email-outage's sync and async with ceilings (600/s that
 * broke, 900/s that held), and a second scenario that repeats it with two
 * payment processes (sync at 660/s), compared with it.
 */
import { capacityOf, capacitySummaries } from '../analysis/capacity.js';
import type { Ceiling, RunResult, ScenarioResult } from '../result/index.js';
import { rejudge } from './rejudge.js';
import { runResult } from './run-result.js';
import { TRANSPORT } from './transport-run.js';

const BROKE: Ceiling = {
  rate: 600,
  brokeAtS: 9,
  why: 'accepted p99 140 ms > 100 ms at second 9',
  acceptedP99Ms: 100,
  isolated: [4],
};
const HELD: Ceiling = {
  rate: 900,
  brokeAtS: null,
  why: 'held to the top of the ramp',
  acceptedP99Ms: 100,
};

function ramped(s: ScenarioResult, name: string, syncRate: number): ScenarioResult {
  return {
    ...s,
    name,
    variants: s.variants.map((v) =>
      v.variant === 'sync'
        ? { ...v, ceiling: { ...BROKE, rate: syncRate } }
        : v.variant === 'async'
          ? { ...v, ceiling: HELD }
          : v,
    ),
  };
}

const outage = runResult.scenarios.find((s) => s.name === 'email-outage')!;

export const capacityRun: RunResult = rejudge({
  ...runResult,
  transport: TRANSPORT,
  scenarios: [
    ...runResult.scenarios,
    ramped(outage, 'capacity', 600),
    { ...ramped(outage, 'capacity-2-payment', 660), baseline: 'capacity' },
  ],
});

/**
 * `capacity`'s sync run repeated at these ceilings (0: broken below the
 * ramp's start), each with its capacity, and the scenario's summaries as the
 * runner states them.
 */
export function repeatedCapacity(rates: readonly number[]): ScenarioResult {
  const capacity = capacityRun.scenarios.find((s) => s.name === 'capacity')!;
  const sync = capacity.variants.find((v) => v.variant === 'sync')!;
  const variants = rates.map((rate, i) => {
    const r = { ...sync, repeat: i + 1, ceiling: { ...sync.ceiling!, rate } };
    return { ...r, capacity: capacityOf(r, TRANSPORT, undefined)! };
  });
  return { ...capacity, variants, capacity: capacitySummaries(variants) };
}
