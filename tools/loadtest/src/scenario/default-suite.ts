/**
 * The default comparison (DESIGN.md section 7): every scenario a `compare`
 * runs, each with its full and its quick (`--quick`) form.
 */
import { CHECKOUT_STEPS, CRITICAL_STEPS, seedTotalMs, type Variant } from '@lab/domain';
import { crossoverScenario } from './crossover-suite.js';
import { brokerScenarios } from './broker-suite.js';
import { linkScenarios } from './link-suite.js';
import type { FaultSpec, Scenario } from './types.js';
import { webhookCapacity, webhookScenarios } from './webhook-suite.js';

const ALL: readonly Variant[] = ['sync', 'async', 'hybrid'];

/** The seed profile's floors: all seven steps in sequence, and the critical path alone. */
const SYNC_FLOOR_MS = seedTotalMs(CHECKOUT_STEPS);
const HYBRID_FLOOR_MS = seedTotalMs(CRITICAL_STEPS);

/** DESIGN.md section 7; `quick` is the same suite, short and fast, for tests. */
export function defaultSuite(quick: boolean): Scenario[] {
  const ts = quick ? 0.05 : 1;
  const d = (full: number, short: number) => (quick ? short : full);
  const suite: Scenario[] = [
    {
      name: 'seed-checkout',
      description:
        "The article's table: all seven steps in sequence (sync), the critical path only (hybrid), and an async accept, at the seed profile with evenly spaced arrivals (one customer's time, as the article counts it); the workers behind an edge run under SCHED_IDLE (LAB_BACKGROUND_POLICY=idle), so the edge answers first, as on a machine of its own.",
      // 50/s keeps ~183 sync checkouts in flight (3.65 s each), inside its pool of 200.
      // Three repeats of 9 s rather than one of 20 s: each repeat's steady window still
      // holds 250 arrivals per variant (its p99 lies between the 2nd and 3rd slowest,
      // not on one outlier), the median of three is what the thresholds judge, and the
      // whole costs about a minute more than one long run (a fresh stack and a 3.65 s
      // drain per repeat are the fixed part). The warm-up outlasts a sync checkout, so
      // the steady window starts with the pool already full: Little's law on it holds.
      workload: { mode: 'open', rate: d(50, 20), durationS: d(9, 4), warmupS: d(4, 1) },
      // Evenly spaced, as the article times one customer at a time: no order waits for
      // the pool, so its floors are the stack's own cost (busy-hour has the Poisson case).
      arrivals: { process: 'uniform' },
      repeats: 3,
      mix: {},
      variants: ALL,
      profile: 'seed',
      timeScale: ts,
      faults: [],
      // The edge and its workers share the machine's cores: at equal priority a worker's
      // turn delays some accepts past the 10 ms line; under SCHED_IDLE the edge goes first
      // (docs/performance.md, "The edge and its workers on two cores").
      settings: { LAB_BACKGROUND_POLICY: 'idle' },
      thresholds: [
        { metric: 'accepted.p99', max: 10, variants: ['async'] },
        // The stack's own cost over the simulated floor: ≤ 2 % at p50, ≤ 5 % at p99 (full
        // time scale only: at 0.05 the floor is 183 ms and a millisecond is half a percent).
        ...(quick
          ? []
          : [
              { metric: 'accepted.p50', max: SYNC_FLOOR_MS * 1.02, variants: ['sync' as const] },
              { metric: 'accepted.p99', max: SYNC_FLOOR_MS * 1.05, variants: ['sync' as const] },
              {
                metric: 'accepted.p50',
                max: HYBRID_FLOOR_MS * 1.02,
                variants: ['hybrid' as const],
              },
              {
                metric: 'accepted.p99',
                max: HYBRID_FLOOR_MS * 1.05,
                variants: ['hybrid' as const],
              },
            ]),
      ],
      drainTimeoutS: d(30, 15),
      // Where the time went, per variant: one repeat again with every order traced,
      // after the first untraced one (whose figures the thresholds judge), which also
      // measures what tracing costs an accept. One traced repeat holds 250 traced
      // orders per variant; three cost 45 s of the compare for the same waterfall.
      tracing: { sampleRatio: 1, repeats: 1 },
    },
    {
      name: 'accept-500',
      description:
        'The async edge at 500 orders/s with the seed profile: how fast it answers while the work it accepted runs behind it on the same machine, the workers under SCHED_IDLE (LAB_BACKGROUND_POLICY=idle) so the edge goes first, as on a machine of its own; the backlog drains after.',
      // Three repeats rather than one long run: each steady window holds 1,000 accepts
      // (its p99 is the 10th slowest), after 2 s (1,000 accepts) that warm a fresh edge's
      // JIT; a repeat stays short, as the backlog it leaves to drain is its longest part.
      workload: { mode: 'open', rate: d(500, 100), durationS: 4, warmupS: 2 },
      // Evenly spaced: its 10 ms line is the article's accept, judged as seed-checkout's is.
      arrivals: { process: 'uniform' },
      repeats: 3,
      mix: {},
      variants: ['async'],
      profile: 'seed',
      timeScale: ts,
      faults: [],
      settings: { LAB_BACKGROUND_POLICY: 'idle' },
      thresholds: [{ metric: 'accepted.p99', max: 10, variants: ['async'] }],
      drainTimeoutS: d(90, 20),
    },
    {
      name: 'rush',
      description:
        '1000 users click at once. The sync edge serves 200 at a time (a bounded pool) and queues 200 more; the rest get 503. The async edge accepts them all.',
      workload: { mode: 'burst', count: d(1000, 200), durationS: d(12, 4), warmupS: 0 },
      mix: {},
      variants: ALL,
      profile: 'seed',
      timeScale: ts,
      settings: quick
        ? { LAB_SYNC_MAX_IN_FLIGHT: 40, LAB_SYNC_MAX_QUEUED: 40, LAB_SYNC_QUEUE_TIMEOUT_MS: 250 }
        : {},
      faults: [],
      thresholds: [],
      drainTimeoutS: d(40, 15),
    },
    ...(['email-outage', 'slow-payment', 'worker-crash', 'broker-outage'] as const).map(
      (name): Scenario => ({
        name,
        description: FAULT_SCENARIOS[name].description,
        // Three variants at once, quick too: 10 orders a second each leaves the machine to spare.
        workload: { mode: 'open', rate: 10, durationS: d(15, 3), warmupS: d(2, 1) },
        arrivals: { process: 'poisson' },
        mix: { declined: 0.05, outOfStock: 0.02 },
        variants: ALL,
        profile: 'lognormal',
        timeScale: quick ? 0.05 : 0.25,
        // A dead consumer's messages and a dead worker's jobs come back within
        // the run: short ack wait and job lock (live handlers report progress).
        settings: {
          LAB_ACK_WAIT_MS: d(3000, 1000),
          LAB_JOB_LOCK_MS: d(3000, 1000),
          LAB_JOB_STALLED_INTERVAL_MS: d(1000, 500),
        },
        faults: FAULT_SCENARIOS[name].faults(d(15, 3)),
        thresholds: [],
        drainTimeoutS: d(30, 15),
        // Behaviour at 10 orders a second: the variants run at once, each on brokers of its own.
        // Quick ones (the e2e tests) run one after another: three stacks started at once on a
        // busy 2-core test machine make the seconds those tests assert late.
        together: !quick,
      }),
    ),
    busyHour(quick),
    ...brokerScenarios(quick),
    ...linkScenarios(quick),
    ...webhookScenarios(quick),
    {
      name: 'capacity',
      description:
        "Zero simulated latency, the rate ramped up until each stack breaks: its own ceiling, stated against the transports' ceiling measured in the same run.",
      workload: {
        mode: 'open',
        // Warm first at a rate every variant holds: a cold stack (its JIT, its pools) is
        // several times slower for its first checkouts, and the ceiling is a warm stack's
        // (docs/performance.md, "Capacity"). 150/s was such a rate once; a cold sync
        // stack now spends most of 2 cores there and does not warm, and a hybrid one
        // barely holds 100/s (docs/performance.md, "why sync breaks at the ramp's start").
        // 12 s at 80/s: 960 checkouts, most of the cold ones; the ramp's first
        // seconds, below every ceiling, finish the warming.
        warmupRate: d(80, 50),
        warmupS: d(12, 1),
        // From the warm-up's rate (a step up would break a slow machine's stack at
        // once, before any ceiling is read) to above every variant's ceiling on the
        // development machine (async's highest was 463/s), so each ramp breaks: 15 s
        // of ramp, 40/s more each second, the resolution of a ceiling.
        rate: d(80, 50),
        rampTo: d(680, 250),
        durationS: d(27, 6),
      },
      // Evenly spaced: a ceiling is the stack's at a steady rate, held against the
      // transports' own, measured the same way.
      arrivals: { process: 'uniform' },
      // Three alternated repeats (A B C A B C A B C): the ratio to the machine bound is
      // judged on each variant's median ceiling, so one repeat that the shared
      // machine's noise broke early cannot decide it (about 3 min of the compare).
      repeats: d(3, 1),
      mix: {},
      variants: ALL,
      profile: 'zero',
      timeScale: 1,
      faults: [],
      // The ramp is meant to break each stack; its ceiling is read from the timeline, not a pass/fail.
      thresholds: [],
      ceiling: { acceptedP99Ms: 100 },
      drainTimeoutS: d(30, 15),
    },
  ];
  // The same ramp with two payment processes: two gRPC payment servers the
  // gateways balance over (sync, hybrid), two consumers of one durable (async).
  const capacity = suite.find((s) => s.name === 'capacity')!;
  suite.push({
    ...capacity,
    name: 'capacity-2-payment',
    baseline: 'capacity',
    // Once, against the baseline's median ceiling.
    repeats: 1,
    description:
      'The capacity ramp again with two payment processes (LAB_<STACK>_PAYMENT_REPLICAS=2): what a second gRPC payment server or payment worker changes.',
    settings: {
      LAB_SYNC_PAYMENT_REPLICAS: 2,
      LAB_ASYNC_PAYMENT_REPLICAS: 2,
      LAB_HYBRID_PAYMENT_REPLICAS: 2,
    },
  });
  suite.push(webhookCapacity(quick, capacity));
  suite.push(crossoverScenario(quick));
  return suite;
}

/**
 * The seed profile at Poisson arrivals near the sync pool's ceiling: its 200
 * slots at 3.65 s serve at most 54.8/s, and 48/s keeps ρ ≈ 0.88 of it busy, so
 * arrivals that bunch up wait for a slot (queueing alone, no fault); the async
 * accept does not wait for the work. Quick: a pool of 10 at the same ρ.
 */
/**
 * The busy hour's load on the sync pool, ρ = λS / c: 48/s × 3.65 s / 200. Near
 * the ceiling, yet with room for a Poisson draw above its mean rate and a
 * stack a little slower than its floor on a busy machine (ρ ≥ 1 has no steady state).
 */
const BUSY_RHO = 0.876;

function busyHour(quick: boolean): Scenario {
  const ts = quick ? 0.05 : 1;
  const pool = quick ? 10 : undefined;
  // ρ = rate × S / c with S the seed floor at this time scale.
  const rate = quick ? Math.round((BUSY_RHO * 10) / ((SYNC_FLOOR_MS / 1000) * ts)) : 48;
  return {
    name: 'busy-hour',
    description:
      "The seed profile at Poisson arrivals near the sync pool's capacity (ρ ≈ 0.88): arrivals bunch up and wait for a slot, so sync's tail grows from queueing alone, beside what Erlang C and Allen–Cunneen predict; the async accept does not wait.",
    // One run per variant: the warm-up outlasts a checkout, so the pool is full
    // when the steady window opens; 15 s of it hold ~750 arrivals.
    workload: { mode: 'open', rate, durationS: quick ? 4 : 20, warmupS: quick ? 1 : 5 },
    arrivals: { process: 'poisson' },
    mix: {},
    variants: ['sync', 'async'],
    profile: 'seed',
    timeScale: ts,
    settings: {
      LAB_BACKGROUND_POLICY: 'idle',
      ...(pool ? { LAB_SYNC_MAX_IN_FLIGHT: pool, LAB_SYNC_MAX_QUEUED: pool } : {}),
    },
    faults: [],
    // One run, so no threshold the machine's noise could break alone (seed-checkout judges the
    // async accept on the median of three): its figures are the model's, beside the measurement.
    thresholds: [],
    drainTimeoutS: quick ? 15 : 30,
  };
}

type FaultScenario = 'email-outage' | 'slow-payment' | 'worker-crash' | 'broker-outage';

const FAULT_SCENARIOS: Record<
  FaultScenario,
  { description: string; faults: (durationS: number) => FaultSpec[] }
> = {
  'email-outage': {
    description:
      'The notification service is killed mid-run and restarted: sync orders fail (and are refunded), async and hybrid orders confirm and their emails arrive after recovery.',
    faults: (s) => [{ kind: 'crash', target: 'notification', startS: s / 3, durationS: s / 3 }],
  },
  'slow-payment': {
    description:
      'The payment provider slows down (every payment step ×4) mid-run: sync answers wait for it, async accepts do not.',
    faults: (s) => [
      { kind: 'slow', target: 'payment', startS: s / 3, durationS: s / 3, multiplier: 4 },
    ],
  },
  'worker-crash': {
    description:
      'The payment service is killed mid-work (SIGKILL) and restarted: redelivery, no loss, no double charge.',
    faults: (s) => [{ kind: 'crash', target: 'payment', startS: s / 2, durationS: 1 }],
  },
  'broker-outage': {
    description:
      "NATS, then Redis, stopped and started again: the async stack's own weakness, measured honestly.",
    faults: (s) => [
      { kind: 'broker-down', target: 'nats', startS: s / 4, durationS: s / 5 },
      { kind: 'broker-down', target: 'redis', startS: (s * 3) / 5, durationS: s / 5 },
    ],
  },
};
