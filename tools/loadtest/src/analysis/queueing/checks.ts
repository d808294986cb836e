/**
 * The model beside the measurement (docs/queueing.md): the pool's waits
 * under Poisson arrivals, a burst against the pool, an outage's backlog. Pure:
 * a scenario's declaration and its runs in, the checks out.
 */
import { CHECKOUT_STEPS, CRITICAL_STEPS, seedTotalMs, type Variant } from '@lab/domain';
import type { ModelCheck, VariantRun } from '../../result/index.js';
import type { Scenario } from '../../scenario/types.js';
import { burstAgainstPool } from './burst.js';
import { check } from './compare.js';
import { outageChecks } from './outage-checks.js';
import { allenCunneen, mmcKRefused, poolCeiling } from './pool.js';

const MS_PER_S = 1000;
/** Below this many admitted checkouts a p99 rests on fewer than ten of them. */
const P99_MIN_SAMPLES = 1000;

/** The edge's pool as the scenario's stacks get it. */
export interface PoolSettings {
  readonly maxInFlight: number;
  readonly maxQueued: number;
  readonly queueTimeoutMs: number;
}

/** The simulated time a checkout holds a slot of the pool, s: the steps the edge waits for. */
export function poolServiceS(variant: Variant, timeScale: number): number | null {
  const steps = variant === 'sync' ? CHECKOUT_STEPS : variant === 'hybrid' ? CRITICAL_STEPS : null;
  return steps ? (seedTotalMs(steps) * timeScale) / MS_PER_S : null;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Chance of waiting, mean and p99 wait, and the share refused, for one run with a pool. */
function poolChecks(s: Scenario, run: VariantRun, pool: PoolSettings): ModelCheck[] {
  const measured = run.pool;
  if (!measured || poolServiceS(run.variant, s.timeScale) === null) return [];
  const c = pool.maxInFlight;
  // S and its spread as this stack served them (the simulated delays plus the stack's own cost,
  // on this machine): what the pool actually held each checkout for.
  const S = measured.service.meanMs / MS_PER_S;
  const lambda = run.offeredRate;
  const cs2 = measured.service.cv2;
  const model = allenCunneen(c, lambda, S, cs2);
  const simulated = poolServiceS(run.variant, s.timeScale)!;
  const inputs = `c = ${c}, λ = ${fmt(lambda, 1)}/s, S = ${fmt(S, 3)} s as served (simulated ${fmt(simulated, 3)} s), cs² = ${fmt(cs2, 3)} (ρ = ${fmt((lambda * S) / c)}, ceiling c/S = ${fmt(poolCeiling(c, S), 1)}/s)`;
  // Under half an exponential's spread: nearer fixed service times than exponential ones.
  const fixed = cs2 < 0.5;
  // Over the ceiling a run of seconds never reaches the steady state (the queue is still filling):
  // nothing to predict.
  const steady = (value: number) => (lambda * S < c ? value : null);
  const few = measured.admitted < P99_MIN_SAMPLES;
  const base = { variant: run.variant };
  return [
    check(
      {
        ...base,
        figure: 'chance of waiting for a slot',
        unit: 'share',
        predicted: steady(model.pWait),
        measured: measured.pWait,
        model: `Erlang C, ${inputs}`,
      },
      (m) =>
        fixed && m < model.pWait
          ? 'service time is not exponential: with fixed service times fewer arrivals wait than Erlang C says (an upper bound here)'
          : `near the ceiling the chance of waiting moves fast with ρ: a run of ${measured.admitted} arrivals sees its own ρ`,
    ),
    check(
      {
        ...base,
        figure: 'mean wait for a slot',
        unit: 'ms',
        predicted: steady(model.meanWait * MS_PER_S),
        measured: measured.wait.mean,
        model: `Allen–Cunneen, ${inputs}`,
      },
      () =>
        `the run was too short for a steady mean: its ${measured.admitted} arrivals fill and empty the queue only a few times`,
    ),
    check(
      {
        ...base,
        figure: 'p99 wait for a slot',
        unit: 'ms',
        predicted: steady(model.waitAt(0.99) * MS_PER_S),
        measured: measured.wait.p99,
        model: `Allen–Cunneen, ${inputs}`,
      },
      () =>
        few
          ? `the run was too short for a p99: ${measured.admitted} arrivals, so the p99 is the ${Math.ceil(measured.admitted / 100)}th longest wait`
          : 'the wait of those who wait is taken as exponential, scaled: for fixed service times its tail is shorter',
    ),
    check(
      {
        ...base,
        figure: 'share refused by the pool',
        unit: 'share',
        predicted: steady(mmcKRefused(c, c + pool.maxQueued, lambda, S)),
        measured: measured.refusedShare,
        model: `M/M/c/K, K = c + ${pool.maxQueued} waiting, ${inputs}`,
      },
      () =>
        `the queue timeout (${pool.queueTimeoutMs} ms) also refuses: M/M/c/K has room to wait but no patience`,
    ),
  ];
}

/** A burst of N at once: served, refused, and when the last served order was answered. */
function burstChecks(s: Scenario, run: VariantRun, pool: PoolSettings): ModelCheck[] {
  const simulated = poolServiceS(run.variant, s.timeScale);
  if (s.workload.mode !== 'burst' || simulated === null || !run.pool) return [];
  // The time a served checkout held its slot in this run: the simulated S plus the stack's own cost.
  const S = run.pool.service.meanMs / MS_PER_S;
  const spread = run.sendLag.max / MS_PER_S;
  const out = burstAgainstPool(
    s.workload.count,
    {
      c: pool.maxInFlight,
      queued: pool.maxQueued,
      queueTimeout: pool.queueTimeoutMs / MS_PER_S,
      serviceTime: S,
    },
    spread,
  );
  const inputs = `N = ${s.workload.count}, c = ${pool.maxInFlight}, ${pool.maxQueued} may wait ${pool.queueTimeoutMs} ms, S = ${fmt(S, 3)} s as served (simulated ${fmt(simulated, 3)} s)`;
  const base = { variant: run.variant };
  return [
    check(
      {
        ...base,
        figure: 'burst: served',
        unit: 'orders',
        predicted: out.served,
        measured: run.pool.admitted,
        model: `waves of c every S, ${inputs}`,
      },
      () =>
        'the waves are not of one length: a checkout held its slot longer than the mean S, so some waiting ones passed the queue timeout',
    ),
    check(
      {
        ...base,
        figure: 'burst: refused',
        unit: 'orders',
        predicted: out.refused,
        measured: run.pool.refused,
        model: `N − served, ${inputs}`,
      },
      () =>
        'the waves are not of one length: a checkout held its slot longer than the mean S, so some waiting ones passed the queue timeout',
    ),
    check(
      {
        ...base,
        figure: 'burst: last answer',
        unit: 's',
        predicted: out.lastDone,
        measured: run.accepted.max / MS_PER_S,
        model: `ceil(served / c) · S + the send spread (${fmt(spread, 3)} s), ${inputs}`,
      },
      () =>
        'the second wave ran slower than the first (the machine busy with both, and with the refusals)',
    ),
  ];
}

/** Every check the scenario's runs allow, variant by variant (the first repeat of each). */
export function modelChecks(
  s: Scenario,
  runs: readonly VariantRun[],
  pool: PoolSettings,
  consumerConcurrency = 1,
): ModelCheck[] {
  const first = runs.filter((r) => r.repeat === 1);
  const poisson =
    s.workload.mode === 'open' && s.arrivals?.process === 'poisson' && !s.workload.rampTo;
  return first.flatMap((run) => [
    ...(poisson && s.faults.length === 0 ? poolChecks(s, run, pool) : []),
    ...burstChecks(s, run, pool),
    ...outageChecks(s, run, consumerConcurrency),
  ]);
}
