/**
 * Which variant wins what, and at what cost. A winner needs a clear margin:
 * two values within {@link TIE_TOLERANCE} of each other are noise on a laptop,
 * not a result. The rows hold numbers; report/text/verdict-text.ts words them.
 */
import type { Variant } from '@lab/domain';
import type {
  VariantResult,
  VerdictCost,
  VerdictCostMeasures,
  VerdictFigure,
  VerdictRow,
} from '../result/index.js';
import { groupByVariant, medianOf } from './groups.js';
import { brokenCount } from './promises.js';

/** Values within 2 % of the best are a tie. */
export const TIE_TOLERANCE = 0.02;

type Groups = ReadonlyMap<Variant, readonly VariantResult[]>;

interface Figure {
  readonly figure: VerdictFigure;
  readonly better: 'lower' | 'higher';
  readonly value: (r: VariantResult) => number | null;
  /** What the winner pays, measured on its own runs. */
  readonly cost: (winner: Variant, results: readonly VariantResult[]) => VerdictCostMeasures;
  /** What a tie of every variant says, when it says something of its own. */
  readonly allClear?: (values: readonly number[]) => 'no-errors' | 'promises-kept' | undefined;
  /** One value from the repetitions' (default: their median, which one slow repetition cannot drag). */
  readonly over?: (values: readonly (number | null)[]) => number | null;
}

const latencyOf = (pick: (r: VariantResult) => { count: number; value: number }) => {
  return (r: VariantResult): number | null => {
    const { count, value } = pick(r);
    return count > 0 ? value : null;
  };
};

const acceptedP50 = latencyOf((r) => ({ count: r.accepted.count, value: r.accepted.p50 }));
const acceptedP99 = latencyOf((r) => ({ count: r.accepted.count, value: r.accepted.p99 }));
const completedP50 = latencyOf((r) => ({ count: r.completed.count, value: r.completed.p50 }));
const completedP99 = latencyOf((r) => ({ count: r.completed.count, value: r.completed.p99 }));

const errorCount = (r: VariantResult): number =>
  Object.values(r.errorsByReason).reduce((a, b) => a + b, 0);

const peakBacklog = (r: VariantResult): number | null => {
  const samples = r.timeline.map((p) => p.backlog).filter((b): b is number => b != null);
  return samples.length ? Math.max(...samples) : null;
};

const peakIncomplete = (r: VariantResult): number =>
  Math.max(0, ...r.timeline.filter((p) => !p.warmup).map((p) => p.incomplete));

const meanInFlight = (r: VariantResult): number | null => {
  if (r.littlesLaw) return r.littlesLaw.meanInFlight;
  const steady = r.timeline.filter((p) => !p.warmup);
  return steady.length ? steady.reduce((a, p) => a + p.inFlight, 0) / steady.length : null;
};

const allZero = (values: readonly number[]) => values.every((v) => v === 0);

const FIGURES: readonly Figure[] = [
  {
    figure: 'accepted-p50',
    better: 'lower',
    value: acceptedP50,
    cost: (_winner, rs) => ({ completedP50Ms: medianOf(rs, completedP50) }),
  },
  {
    figure: 'completed-p50',
    better: 'lower',
    value: completedP50,
    cost: (winner, rs) => (winner === 'async' ? {} : { acceptedP50Ms: medianOf(rs, acceptedP50) }),
  },
  {
    figure: 'completed-p99',
    better: 'lower',
    value: completedP99,
    cost: (winner, rs) =>
      winner === 'async'
        ? { peakBacklog: medianOf(rs, peakBacklog) }
        : { acceptedP99Ms: medianOf(rs, acceptedP99) },
  },
  {
    figure: 'achieved-rate',
    better: 'higher',
    value: (r) => r.achievedRate,
    cost: (winner, rs) =>
      winner === 'async'
        ? { peakIncomplete: medianOf(rs, peakIncomplete) }
        : { meanInFlight: medianOf(rs, meanInFlight) },
  },
  {
    figure: 'error-count',
    better: 'lower',
    value: errorCount,
    cost: (winner, rs) =>
      winner === 'sync'
        ? { acceptedP50Ms: medianOf(rs, acceptedP50) }
        : { failedLater: medianOf(rs, (r) => r.accounting?.failed ?? null) },
    allClear: (values) => (allZero(values) ? 'no-errors' : undefined),
  },
  {
    figure: 'broken-promises',
    better: 'lower',
    value: (r) => brokenCount(r.promises),
    // A promise broken in one repetition is broken: summed, not a median; unknown without an accounting.
    over: (values) =>
      values.some((v) => v == null) ? null : values.reduce<number>((a, v) => a + v!, 0),
    cost: (_winner, rs) => ({
      retries: medianOf(rs, (r) => r.accounting?.retries ?? null),
      redeliveries: medianOf(rs, (r) => r.accounting?.redeliveries ?? null),
      deadLettered: medianOf(rs, (r) => r.accounting?.deadLettered ?? null),
    }),
    allClear: (values) => (allZero(values) ? 'promises-kept' : undefined),
  },
];

function within(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Each variant's value of the figure: its repetitions' median, or what the figure takes of them. */
function valuesOf(figure: Figure, groups: Groups): Partial<Record<Variant, number | null>> {
  const values: Partial<Record<Variant, number | null>> = {};
  for (const [variant, results] of groups)
    values[variant] = figure.over
      ? figure.over(results.map(figure.value))
      : medianOf(results, figure.value);
  return values;
}

function costOf(figure: Figure, groups: Groups, ranked: readonly [Variant, number][]): VerdictCost {
  const best = ranked[0];
  if (!best) return { kind: 'not-measured' };
  const tied = ranked.filter(([, v]) => within(v, best[1]));
  if (tied.length === 1)
    return { kind: 'winner', measures: figure.cost(best[0], groups.get(best[0]) ?? []) };
  const reason =
    tied.length === ranked.length ? figure.allClear?.(ranked.map(([, v]) => v)) : undefined;
  if (reason) return { kind: 'all-clear', reason };
  return {
    kind: 'tie',
    variants: tied.map(([name]) => name),
    equal: tied.every(([, v]) => v === best[1]),
  };
}

function rowFor(figure: Figure, groups: Groups): VerdictRow {
  const values = valuesOf(figure, groups);
  const measured = (Object.entries(values) as [Variant, number | null][]).filter(
    (e): e is [Variant, number] => e[1] != null,
  );
  const sign = figure.better === 'lower' ? 1 : -1;
  // Stable: equal values keep the order the variants ran in.
  const ranked = [...measured].sort((a, b) => sign * (a[1] - b[1]));
  const cost = costOf(figure, groups, ranked);
  return {
    figure: figure.figure,
    winner: cost.kind === 'winner' ? ranked[0]![0] : 'tie',
    values,
    cost,
    tieWithin: TIE_TOLERANCE,
  };
}

/**
 * The verdict rows of one scenario: per figure, the winning variant (or a tie
 * within 2 %), each variant's value (median over repetitions) and what the
 * winner pays for it. Empty when fewer than two variants ran: nothing to compare.
 */
export function verdictFor(variants: readonly VariantResult[]): VerdictRow[] {
  const groups = groupByVariant(variants);
  if (groups.size < 2) return [];
  return FIGURES.map((figure) => rowFor(figure, groups));
}
