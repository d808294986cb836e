/**
 * A fixed crossover run for the printers' tests: the full grid (20, 80,
 * 200/s × 50 ms, 500 ms, 3 s) against the default sync pool, with the shape a
 * real run has: sync faster while the pool keeps up, even where the
 * provider's wait hides the queue hops, and async ahead once rate × latency
 * passes the pool (sync queueing at 240 in flight, answering 503 at 600).
 */
import type {
  LatencySummary,
  RunResult,
  ScenarioResult,
  TimelinePoint,
  VariantRun,
} from '../result/index.js';
import { crossoverResult } from '../analysis/crossover-grid.js';
import { rejudge } from './rejudge.js';
import { HOSTILE, runResult } from './run-result.js';

const DURATION_S = 6;
const WARMUP_S = 1;
const SYNC_POOL = { maxInFlight: 200, maxQueued: 200, queueTimeoutMs: 5000 };

function summary(count: number, p50: number, p99: number): LatencySummary {
  return {
    count,
    mean: p50 * 1.02,
    p50,
    p90: p50 + (p99 - p50) * 0.6,
    p99,
    p999: p99 * 1.02,
    max: p99 * 1.05,
  };
}

/** The 503s of a saturated cell, spread over the seconds after the pool filled. */
function errorsAt(t: number, rejected: number): Record<string, number> {
  return rejected && t > 1 ? { saturated: Math.round(rejected / (DURATION_S - 2)) } : {};
}

/** What one variant did in one cell. */
interface Shape {
  readonly answeredP50: number;
  readonly answeredP99: number;
  /** null: never (more than 1 % not done). */
  readonly doneP50: number | null;
  readonly doneP99: number | null;
  /** Share of the offered orders never done (answered 503). */
  readonly notDone?: number;
}

function run(variant: 'sync' | 'async', rate: number, shape: Shape): VariantRun {
  const offered = rate * (DURATION_S - WARMUP_S);
  const rejected = Math.round(offered * (shape.notDone ?? 0));
  const done = offered - rejected;
  const timeline: TimelinePoint[] = Array.from({ length: DURATION_S }, (_, t) => ({
    t,
    warmup: t < WARMUP_S,
    offered: rate,
    achieved: rate,
    completed: t === 0 ? 0 : Math.round(rate * (1 - (shape.notDone ?? 0))),
    errors: errorsAt(t, rejected),
    inFlight: Math.round((rate * shape.answeredP50) / 1000),
    incomplete: variant === 'async' ? Math.round((rate * (shape.doneP50 ?? 0)) / 1000) : 0,
    acceptedP50: shape.answeredP50,
    acceptedP99: shape.answeredP99,
    completedP50: shape.doneP50,
    completedP99: shape.doneP99,
    backlog: variant === 'async' ? Math.round(rate / 10) : null,
  }));
  return {
    variant,
    repeat: 1,
    startedAt: '2025-03-14T10:06:00.000Z',
    durationS: DURATION_S,
    offeredRate: rate,
    achievedRate: rate,
    sent: rate * DURATION_S,
    answered: rate * DURATION_S,
    statuses: {
      [variant === 'sync' ? '200' : '202']: done,
      ...(rejected ? { '503': rejected } : {}),
    },
    errorsByReason: rejected ? { saturated: rejected } : {},
    accepted: summary(offered, shape.answeredP50, shape.answeredP99),
    completed: summary(done, shape.doneP50 ?? shape.answeredP50, shape.doneP99 ?? 9999),
    sendLag: summary(offered, 0.3, 1.8),
    acceptedDistribution: [],
    completedDistribution: [],
    littlesLaw: null,
    accounting: {
      accepted: done + rate * WARMUP_S,
      confirmed: done + rate * WARMUP_S,
      failed: 0,
      failedByReason: {},
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
      leakedReservations: 0,
      retries: 0,
      redeliveries: 0,
      deadLettered: 0,
      effects: {},
      offenders: [],
    },
    faults: [],
    timeline,
    drained: true,
    drainMs: (shape.doneP99 ?? 3000) * 1.1,
    timeUntilDone: { offered, done, p50: shape.doneP50, p99: shape.doneP99 },
  };
}

const same = (ms: number, p99 = ms * 1.02): Shape => ({
  answeredP50: ms,
  answeredP99: p99,
  doneP50: ms,
  doneP99: p99,
});
const accepted = (p50: number, p99: number): Pick<Shape, 'answeredP50' | 'answeredP99'> => ({
  answeredP50: p50,
  answeredP99: p99,
});

/** [rate, latency, sync, async] for every cell. */
const CELLS: readonly [number, number, Shape, Shape][] = [
  [20, 50, same(51.2, 53.1), { ...accepted(2.1, 4.2), doneP50: 71, doneP99: 84 }],
  [80, 50, same(51.4, 54.0), { ...accepted(2.3, 5.1), doneP50: 74, doneP99: 90 }],
  [200, 50, same(52.0, 58.2), { ...accepted(2.8, 9.7), doneP50: 86, doneP99: 121 }],
  [20, 500, same(501, 503), { ...accepted(2.2, 4.4), doneP50: 522, doneP99: 535 }],
  [80, 500, same(501, 505), { ...accepted(2.4, 5.3), doneP50: 524, doneP99: 540 }],
  [200, 500, same(502, 512), { ...accepted(2.9, 10.2), doneP50: 538, doneP99: 575 }],
  [20, 3000, same(3001, 3005), { ...accepted(2.2, 4.1), doneP50: 3021, doneP99: 3040 }],
  [80, 3000, same(3610, 4250), { ...accepted(2.6, 6.2), doneP50: 3030, doneP99: 3060 }],
  [
    200,
    3000,
    { answeredP50: 4620, answeredP99: 6140, doneP50: 5100, doneP99: null, notDone: 0.41 },
    { ...accepted(3.4, 12.8), doneP50: 6200, doneP99: 9800 },
  ],
];

const crossover = crossoverResult(
  { step: 'chargeCard', syncPool: SYNC_POOL },
  CELLS.map(([rate, latency]) => ({
    rate,
    paymentLatencyMs: latency,
    inFlight: (rate * latency) / 1000,
  })),
  CELLS.map(([rate, , sync, async]) => [run('sync', rate, sync), run('async', rate, async)]),
);

export const crossoverScenario: ScenarioResult = {
  name: 'crossover',
  description:
    "Arrival rate × the payment provider's latency, each cell a short run on its own: where async completion beats the sync answer, and where sync is the better choice.",
  workload: { mode: 'open', durationS: DURATION_S, warmupS: WARMUP_S, mix: {} },
  profile: 'zero',
  timeScale: 1,
  faults: [],
  thresholds: [],
  variants: [],
  verdict: [],
  notes: [`a note with ${HOSTILE} in it`],
  promises: { kept: true, broken: [], unaccounted: 0 },
  passed: true,
  crossover,
};

/** The fixed run with the crossover scenario after its other scenarios. */
export const runWithCrossover: RunResult = rejudge({
  ...runResult,
  scenarios: [...runResult.scenarios, crossoverScenario],
});
