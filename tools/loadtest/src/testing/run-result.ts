/**
 * A fixed, realistic run for the printers' tests: the seed scenario with the
 * article's numbers, and an email outage with a fault that ran, one that did
 * not, a broken promise and hostile strings where data reaches the page.
 * Built by a deterministic generator so the timelines look like a real run
 * without a random number in sight.
 */
import type {
  Accounting,
  FaultWindow,
  LatencySummary,
  RunResult,
  ScenarioResult,
  ThresholdOutcome,
  TimelinePoint,
  VariantResult,
  VariantRun,
} from '../result/index.js';
import { judgeOnMedian } from '../analysis/repeats.js';
import { withPromises } from '../analysis/promises.js';
import { rejudge, rejudgeScenario } from './rejudge.js';
import { seedTracing } from './tracing-run.js';

/** Data that would break out of a `<script>` if a printer forgot to escape it. */
export const HOSTILE = '</script><script>alert("pwned")</script>';

const SECONDS = 20;
const WARMUP_S = 3;
const RATE = 20;
const STEADY_ANSWERS = (SECONDS - WARMUP_S) * RATE;
const ALL_ORDERS = SECONDS * RATE;

type Variant = VariantResult['variant'];

/** A repeatable wobble in [-0.5, 0.5]: looks like noise, is the same on every run. */
function wobble(t: number, seed: number): number {
  const x = Math.sin(t * 12.9898 + seed * 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

function summary(count: number, p50: number, p99: number, max = p99 * 1.03): LatencySummary {
  return {
    count,
    mean: p50 * 1.01,
    p50,
    p90: p50 + (p99 - p50) * 0.6,
    p99,
    p999: p99 + (max - p99) * 0.7,
    max,
  };
}

/** Bell-shaped buckets around `center`, `spread` wide, holding `count` samples. */
function buckets(center: number, spread: number, count: number): [number, number][] {
  const weights = [1, 4, 12, 22, 12, 4, 1];
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, i) => [
    Math.round(center * (1 + spread * (i - 3)) * 100) / 100,
    Math.round((w / total) * count),
  ]);
}

interface Shape {
  readonly variant: Variant;
  readonly seed: number;
  readonly acceptedMs: number;
  readonly completedMs: number;
  /** Typical work in the brokers; null for a stack without brokers. */
  readonly backlog: number | null;
  /** Seconds in which completions stall (an outage), and errors per second in them. */
  readonly stall?: { readonly from: number; readonly to: number; readonly errorReason?: string };
}

function timeline(shape: Shape): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  const acceptedS = shape.acceptedMs / 1000;
  const completedS = shape.completedMs / 1000;
  let owed = 0;
  for (let t = 0; t < SECONDS; t++) {
    const jitter = wobble(t, shape.seed);
    const answering = t >= Math.floor(acceptedS);
    const finishing = t >= Math.floor(completedS);
    const stalled = shape.stall != null && t >= shape.stall.from && t < shape.stall.to;
    const failing = stalled && shape.stall?.errorReason != null;
    let completed = finishing ? RATE : 0;
    if (stalled && !failing) {
      owed += completed;
      completed = 0;
    } else if (owed > 0) {
      completed += owed;
      owed = 0;
    }
    const late = owed > 0 || (shape.stall?.errorReason == null && t === shape.stall?.to);
    points.push({
      t,
      warmup: t < WARMUP_S,
      offered: RATE,
      achieved: answering ? RATE + Math.round(jitter) : 0,
      completed: failing ? 0 : completed,
      errors: failing && shape.stall?.errorReason ? { [shape.stall.errorReason]: RATE } : {},
      inFlight: Math.round(RATE * Math.min(t + 1, acceptedS) * (1 + jitter * 0.04) * 10) / 10,
      incomplete: Math.round(RATE * Math.min(t + 1, completedS)) + owed,
      acceptedP50: answering ? shape.acceptedMs * (1 + jitter * 0.01) : null,
      acceptedP99: answering ? shape.acceptedMs * (1.02 + Math.abs(jitter) * 0.03) : null,
      completedP50:
        completed > 0 ? shape.completedMs * (1 + jitter * 0.01) * (late ? 1.8 : 1) : null,
      completedP99:
        completed > 0
          ? shape.completedMs * (1.03 + Math.abs(jitter) * 0.04) * (late ? 2.6 : 1)
          : null,
      backlog:
        shape.backlog == null
          ? null
          : Math.max(0, Math.round(shape.backlog * (1 + jitter * 0.2) + owed)),
    });
  }
  return points;
}

function accounting(overrides: Partial<Accounting> = {}): Accounting {
  return {
    accepted: ALL_ORDERS,
    confirmed: ALL_ORDERS,
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
    effects: { reservation: 1200, charge: 1200, email: 1200, analytics: 1200, warehouse: 1200 },
    offenders: [],
    ...overrides,
  };
}

interface VariantSpec extends Shape {
  readonly startedAt: string;
  readonly accepted: LatencySummary;
  readonly completed: LatencySummary;
  readonly achievedRate: number;
  readonly errorsByReason?: Readonly<Record<string, number>>;
  readonly meanInFlight: number;
  readonly acceptedDistribution: [number, number][];
  readonly completedDistribution: [number, number][];
  readonly accounting: Accounting;
  readonly faults?: readonly FaultWindow[];
}

function variant(spec: VariantSpec): VariantRun {
  const errors = Object.values(spec.errorsByReason ?? {}).reduce((a, b) => a + b, 0);
  const meanLatencyS = spec.accepted.mean / 1000;
  const predicted = spec.achievedRate * meanLatencyS;
  const ratio = spec.meanInFlight / predicted;
  return {
    variant: spec.variant,
    repeat: 1,
    startedAt: spec.startedAt,
    durationS: SECONDS,
    offeredRate: RATE,
    achievedRate: spec.achievedRate,
    sent: ALL_ORDERS,
    answered: ALL_ORDERS,
    statuses: {
      [spec.variant === 'async' ? '202' : '200']: STEADY_ANSWERS - errors,
      ...(errors ? { '503': errors } : {}),
    },
    errorsByReason: spec.errorsByReason ?? {},
    accepted: spec.accepted,
    completed: spec.completed,
    sendLag: summary(STEADY_ANSWERS, 0.4, 2.1),
    acceptedDistribution: spec.acceptedDistribution,
    completedDistribution: spec.completedDistribution,
    littlesLaw: {
      meanInFlight: spec.meanInFlight,
      rate: spec.achievedRate,
      meanLatencyS,
      predicted,
      ratio,
      holds: Math.abs(ratio - 1) <= 0.05,
    },
    accounting: spec.accounting,
    faults: spec.faults ?? [],
    cost: {
      processes: [
        { name: `${spec.variant}-payment`, role: 'service', cpuS: 1.5, peakRssMiB: 80 },
        { name: 'redis', role: 'broker', cpuS: 0.5, peakRssMiB: 12 },
        { name: 'loadtest', role: 'tool', cpuS: 2, peakRssMiB: 150 },
      ],
      confirmed: 1000,
      cpuSPer1000: { services: 1.5, brokers: 0.5, total: 2, tool: 2 },
      peakRssMiB: { services: 80, brokers: 12 },
    },
    ...(spec.faults ? { recoveryLimits: { acceptedP99Ms: 7300, completedP99Ms: 7300 } } : {}),
    timeline: timeline(spec),
    drained: true,
    drainMs: Math.round(spec.completedMs * 1.2),
  };
}

function thresholds(
  metric: string,
  max: number,
  values: Partial<Record<Variant, number>>,
): ThresholdOutcome[] {
  return Object.entries(values).map(([v, value]) =>
    judgeOnMedian({ metric, max }, v as Variant, [value ?? 0]),
  );
}

/** As the runner stores a scenario: every run's promises judged, and passed only with all kept. */
function scenario(
  base: Omit<
    ScenarioResult,
    'verdict' | 'passed' | 'profile' | 'timeScale' | 'workload' | 'variants' | 'promises'
  > & { readonly variants: readonly VariantRun[] },
): ScenarioResult {
  return rejudgeScenario({
    ...base,
    variants: base.variants as VariantResult[],
    promises: { kept: true, broken: [], unaccounted: 0 },
    workload: {
      mode: 'open',
      rate: RATE,
      durationS: SECONDS,
      warmupS: WARMUP_S,
      mix: {},
    },
    profile: 'seed',
    timeScale: 1,
    verdict: [],
    passed: false,
  });
}

const seedVariants: VariantRun[] = [
  variant({
    variant: 'sync',
    seed: 1,
    startedAt: '2025-03-14T10:02:15.000Z',
    acceptedMs: 3681,
    completedMs: 3682,
    backlog: null,
    accepted: summary(STEADY_ANSWERS, 3681, 3712),
    completed: summary(STEADY_ANSWERS, 3682, 3715),
    achievedRate: 19.9,
    meanInFlight: 74.1,
    acceptedDistribution: buckets(3681, 0.003, STEADY_ANSWERS),
    completedDistribution: buckets(3682, 0.003, STEADY_ANSWERS),
    accounting: accounting(),
  }),
  variant({
    variant: 'async',
    seed: 2,
    startedAt: '2025-03-14T10:02:45.000Z',
    acceptedMs: 3.1,
    completedMs: 2973,
    backlog: 58,
    accepted: summary(STEADY_ANSWERS, 3.1, 6, 9.4),
    completed: summary(STEADY_ANSWERS, 2973, 3040),
    achievedRate: 20,
    meanInFlight: 0.0632,
    acceptedDistribution: buckets(3.1, 0.25, STEADY_ANSWERS),
    completedDistribution: buckets(2973, 0.006, STEADY_ANSWERS),
    accounting: accounting(),
  }),
  variant({
    variant: 'hybrid',
    seed: 3,
    startedAt: '2025-03-14T10:03:15.000Z',
    acceptedMs: 2463,
    completedMs: 2968,
    backlog: 10,
    accepted: summary(STEADY_ANSWERS, 2463, 2490),
    completed: summary(STEADY_ANSWERS, 2968, 3030),
    achievedRate: 19.95,
    meanInFlight: 49.6,
    acceptedDistribution: buckets(2463, 0.003, STEADY_ANSWERS),
    completedDistribution: buckets(2968, 0.006, STEADY_ANSWERS),
    accounting: accounting(),
  }),
];

const OUTAGE_FROM = 8;
const OUTAGE_TO = 13;
const OUTAGE_ORDERS = (OUTAGE_TO - OUTAGE_FROM) * RATE;
const SYNC_ERROR_REASON = `notification_unavailable ${HOSTILE}`;

/** Normal completions plus the orders that waited for the notification service. */
const delayed = (center: number): [number, number][] =>
  [
    ...buckets(center, 0.006, STEADY_ANSWERS - OUTAGE_ORDERS),
    ...buckets(center * 2.4, 0.1, OUTAGE_ORDERS),
  ].sort((a, b) => a[0] - b[0]);

/** The crash as it ran against one variant: a few ms apart in each. */
const crashRun = (
  variant: string,
  recoveryS: number | null,
  felt: { feltS: number | null; feltBy?: string },
): FaultWindow => ({
  kind: 'crash',
  target: `${variant}-notification`,
  startS: OUTAGE_FROM,
  durationS: OUTAGE_TO - OUTAGE_FROM,
  appliedAtS: 8.1,
  endedAtS: 13.1,
  recoveredAtS: 13.4,
  recoveryS,
  ...felt,
  executed: true,
  note: 'SIGKILL, then started again',
});

const outageVariants: VariantRun[] = [
  variant({
    variant: 'sync',
    seed: 4,
    startedAt: '2025-03-14T10:03:50.000Z',
    acceptedMs: 3684,
    completedMs: 3686,
    backlog: null,
    stall: { from: OUTAGE_FROM, to: OUTAGE_TO, errorReason: SYNC_ERROR_REASON },
    faults: [
      crashRun('sync', 1.2, { feltS: 0.1, feltBy: 'outage error (dependency_unavailable)' }),
    ],
    errorsByReason: { [SYNC_ERROR_REASON]: OUTAGE_ORDERS },
    accepted: summary(STEADY_ANSWERS, 3684, 5120, 5300),
    completed: summary(STEADY_ANSWERS - OUTAGE_ORDERS, 3686, 3731),
    achievedRate: 19.8,
    meanInFlight: 73.9,
    acceptedDistribution: buckets(3684, 0.003, STEADY_ANSWERS),
    completedDistribution: buckets(3686, 0.003, STEADY_ANSWERS - OUTAGE_ORDERS),
    accounting: accounting({
      confirmed: ALL_ORDERS - OUTAGE_ORDERS,
      failed: OUTAGE_ORDERS,
      failedByReason: { notification_unavailable: OUTAGE_ORDERS },
      orphanCharges: 1,
      offenders: [
        { orderId: 'ord-s-0193', status: 'failed', problem: 'charged, order failed, no refund' },
      ],
    }),
  }),
  variant({
    variant: 'async',
    seed: 5,
    startedAt: '2025-03-14T10:04:20.000Z',
    acceptedMs: 3.2,
    completedMs: 2981,
    backlog: 58,
    stall: { from: OUTAGE_FROM, to: OUTAGE_TO },
    faults: [crashRun('async', 4.6, { feltS: 0.9, feltBy: 'backlog grew' })],
    accepted: summary(STEADY_ANSWERS, 3.2, 6.3, 11),
    completed: summary(STEADY_ANSWERS, 2981, 7350, 8120),
    achievedRate: 20,
    meanInFlight: 0.065,
    acceptedDistribution: buckets(3.2, 0.25, STEADY_ANSWERS),
    completedDistribution: delayed(2981),
    accounting: accounting({ retries: 112, redeliveries: 9 }),
  }),
  variant({
    variant: 'hybrid',
    seed: 6,
    startedAt: '2025-03-14T10:04:50.000Z',
    acceptedMs: 2466,
    completedMs: 2975,
    backlog: 10,
    stall: { from: OUTAGE_FROM, to: OUTAGE_TO },
    faults: [crashRun('hybrid', null, { feltS: null })],
    accepted: summary(STEADY_ANSWERS, 2466, 2494),
    completed: summary(STEADY_ANSWERS, 2975, 7190, 7900),
    achievedRate: 19.95,
    meanInFlight: 49.7,
    acceptedDistribution: buckets(2466, 0.003, STEADY_ANSWERS),
    completedDistribution: delayed(2975),
    accounting: accounting({
      duplicateEffects: 1,
      retries: 98,
      redeliveries: 6,
      offenders: [
        {
          orderId: 'ord-h-0271',
          status: 'confirmed',
          problem: 'email sent twice <b>after</b> the notification restart',
        },
      ],
    }),
  }),
];

const outageFaults: FaultWindow[] = [
  {
    kind: 'crash',
    target: 'notification',
    startS: OUTAGE_FROM,
    durationS: OUTAGE_TO - OUTAGE_FROM,
    appliedAtS: 8.1,
    endedAtS: 13.2,
    executed: true,
    note: 'SIGKILL at 8.1 s, restarted at 13.2 s',
  },
  {
    kind: 'broker-down',
    target: `redis ${HOSTILE}`,
    startS: 15,
    durationS: 3,
    executed: false,
    note: 'broker faults need the project’s own redis-server',
  },
];

export const runResult: RunResult = rejudge({
  runId: '2025-03-14T10-02-11Z-a1b2',
  startedAt: '2025-03-14T10:02:11.000Z',
  finishedAt: '2025-03-14T10:05:23.000Z',
  options: {
    scenarios: ['seed-checkout', 'email-outage'],
    variants: ['sync', 'async', 'hybrid'],
    repeat: 1,
    profile: 'seed',
    timeScale: 1,
    label: HOSTILE,
  },
  versions: {
    node: 'v20.18.1',
    'nats-server': '2.10.24',
    'redis-server': '7.4.2',
    loadtest: '0.0.0',
  },
  machine: { cpus: 2, cpuModel: 'AMD EPYC 7B13', memoryGiB: 7.8, os: 'linux 6.1.0-28-amd64' },
  scenarios: [
    scenario({
      name: 'seed-checkout',
      description:
        'The article’s seven steps with its exact delays, no jitter: the table to reproduce.',
      faults: [],
      thresholds: [
        ...thresholds('completed.p99', 4000, { sync: 3715, async: 3040, hybrid: 3030 }),
        ...thresholds('accepted.p99', 50, { async: 6 }),
      ],
      variants: seedVariants,
      tracing: seedTracing(
        seedVariants.map((r) => withPromises(r)),
        HOSTILE,
      ),
      notes: [],
    }),
    scenario({
      name: 'email-outage',
      description:
        'The notification service is killed mid-run: sync orders fail, async orders succeed and emails arrive after recovery.',
      faults: outageFaults,
      thresholds: [
        ...thresholds('errorRate', 0.01, {
          sync: OUTAGE_ORDERS / STEADY_ANSWERS,
          async: 0,
          hybrid: 0,
        }),
        ...thresholds('duplicateEffects', 0, { sync: 0, async: 0, hybrid: 1 }),
      ],
      variants: outageVariants,
      notes: [
        `broker-down on redis was not executed; label was ${HOSTILE}`,
        'sync: 100 orders failed while notification was down (expected: email is on its critical path)',
      ],
    }),
  ],
  article: { scenario: 'seed-checkout', reproducedWithin: 0.02, rows: null },
  endedBecause: 'completed',
  passed: false,
});
