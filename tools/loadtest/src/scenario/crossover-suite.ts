/**
 * The crossover scenario: arrival rate × the payment provider's latency, sync
 * against async, one short open-loop run per cell of the grid. Every other
 * step takes no simulated time (profile zero), so the provider is the only
 * wait and rate × latency is the number of checkouts in flight: the number
 * the sync edge's bounded pool is measured against (Little's law).
 */
import type { CrossoverCellSpec, CrossoverSpec, Scenario } from './types.js';

const MS_PER_S = 1000;

/** The payment step that calls the external provider: the one the grid varies. */
export const PAYMENT_PROVIDER_STEP = 'chargeCard';

/**
 * The default grid. Full: 20, 80 and 200 orders/s against a provider that
 * answers in 50 ms, 500 ms or 3 s, on the default sync pool (200 at once, 200
 * queued): rate × latency runs from 1 to 600 in flight, so the pool is passed
 * in two cells (240 and 600). Quick: 2 × 2 cells of 2 s against a pool of 16,
 * so the pool is passed at a rate a CI machine sustains (100/s × 300 ms = 30).
 */
export function crossoverScenario(quick: boolean): Scenario {
  const rates = quick ? [20, 100] : [20, 80, 200];
  return {
    name: 'crossover',
    description:
      "Arrival rate × the payment provider's latency, each cell a short run on its own: where async completion beats the sync answer, and where sync is the better choice. Only the provider waits (every other step takes no time), so rate × latency is the number of checkouts in flight that the sync edge's bounded pool must hold.",
    workload: {
      mode: 'open',
      rate: rates[0]!,
      // 4 s of each cell steady: 80 orders at the lowest rate, 800 at the highest.
      durationS: quick ? 2 : 5,
      warmupS: quick ? 0.5 : 1,
    },
    mix: {},
    variants: ['sync', 'async'],
    profile: 'zero',
    timeScale: 1,
    settings: quick
      ? { LAB_SYNC_MAX_IN_FLIGHT: 16, LAB_SYNC_MAX_QUEUED: 16, LAB_SYNC_QUEUE_TIMEOUT_MS: 250 }
      : {},
    faults: [],
    thresholds: [],
    crossover: {
      rates,
      paymentLatenciesMs: quick ? [20, 300] : [50, 500, 3000],
      step: PAYMENT_PROVIDER_STEP,
    },
    drainTimeoutS: quick ? 10 : 30,
  };
}

/** The cells in the order they run: by latency, then rate, so the load only grows. */
export function crossoverCells(spec: CrossoverSpec): CrossoverCellSpec[] {
  const latencies = [...spec.paymentLatenciesMs].sort((a, b) => a - b);
  const rates = [...spec.rates].sort((a, b) => a - b);
  return latencies.flatMap((paymentLatencyMs) =>
    rates.map((rate) => ({
      rate,
      paymentLatencyMs,
      inFlight: (rate * paymentLatencyMs) / MS_PER_S,
    })),
  );
}

/** The scenario one cell runs: the crossover's, at the cell's rate, with no sweep of its own. */
export function cellScenario(scenario: Scenario, cell: CrossoverCellSpec): Scenario {
  const { crossover: _sweep, ...rest } = scenario;
  const w = scenario.workload;
  if (w.mode !== 'open') throw new Error(`scenario ${scenario.name}: a crossover runs open loop`);
  return {
    ...rest,
    name: `${scenario.name} ${cell.rate}/s × ${cell.paymentLatencyMs} ms`,
    workload: { ...w, rate: cell.rate },
  };
}

/**
 * The step setting that makes the provider take `latencyMs` whatever the
 * profile draws: latency × 0 + addMs, and the simulator scales by the time
 * scale after adding, so addMs is given unscaled.
 */
export function providerLatencySetting(
  latencyMs: number,
  timeScale: number,
): { multiplier: number; addMs: number } {
  return { multiplier: 0, addMs: latencyMs / timeScale };
}
