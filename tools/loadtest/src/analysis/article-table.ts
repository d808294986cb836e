/**
 * The source article's table, held against the `seed-checkout` scenario: the
 * seed profile runs the article's exact step delays, so its figures must come
 * back within {@link REPRODUCED_WITHIN}.
 */
import { CHECKOUT_STEPS, CRITICAL_STEPS, seedTotalMs, type Variant } from '@lab/domain';
import type {
  ArticleFigure,
  ArticleRow,
  ArticleTable,
  ScenarioResult,
  VariantResult,
} from '../result/index.js';
import { PENDING_FLOOR_MS, PENDING_OWN_MS, WEBHOOK_SCENARIO } from '../scenario/webhook-suite.js';
import { medianOf } from './groups.js';

export const SEED_SCENARIO = 'seed-checkout';
/** ±2 % of the article's figure counts as reproduced. */
export const REPRODUCED_WITHIN = 0.02;
/** "Milliseconds" in the article: an accept this fast means no work was waited for. */
export const MILLISECONDS_BELOW_MS = 10;

const PERCENT = 100;
/** The deviation is printed with two decimals of a percent. */
const DEVIATION_DECIMALS = 2;

interface Expectation {
  readonly figure: ArticleFigure;
  readonly variant: Variant;
  readonly metric: 'completed.p50' | 'accepted.p50' | 'accepted.p99';
  /** A figure to be within ±2 % of (or at most `plusAtMostMs` above), or an upper bound. */
  readonly expected:
    { readonly ms: number; readonly plusAtMostMs?: number } | { readonly belowMs: number };
  /** The scenario it is measured in, when not seed-checkout. */
  readonly scenario?: string;
}

const EXPECTATIONS: readonly Expectation[] = [
  {
    figure: 'sequence',
    variant: 'sync',
    metric: 'completed.p50',
    expected: { ms: seedTotalMs(CHECKOUT_STEPS) },
  },
  {
    figure: 'critical-path',
    variant: 'hybrid',
    metric: 'accepted.p50',
    expected: { ms: seedTotalMs(CRITICAL_STEPS) },
  },
  {
    figure: 'async-accept',
    variant: 'async',
    metric: 'accepted.p99',
    expected: { belowMs: MILLISECONDS_BELOW_MS },
  },
  {
    figure: 'webhook-pending',
    variant: 'hybrid',
    metric: 'accepted.p50',
    expected: { ms: PENDING_FLOOR_MS, plusAtMostMs: PENDING_OWN_MS },
    scenario: WEBHOOK_SCENARIO,
  },
];

function measure(r: VariantResult, metric: Expectation['metric']): number | null {
  const [group, key] = metric.split('.') as ['accepted' | 'completed', 'p50' | 'p99'];
  return r[group].count > 0 ? r[group][key] : null;
}

/**
 * Judged on the deviation as printed (two decimals of a percent), so the mark
 * never contradicts the number beside it: "-2.00 %" is ✓ even when floating
 * point makes it -2.0000000001 %.
 */
function withinShown(deviation: number): boolean {
  const shown = Number((Math.abs(deviation) * PERCENT).toFixed(DEVIATION_DECIMALS));
  return shown <= REPRODUCED_WITHIN * PERCENT;
}

function rowFor(e: Expectation, scenario: ScenarioResult): ArticleRow {
  const runs = scenario.variants.filter((r) => r.variant === e.variant);
  // With repeats, the median over them, as the thresholds are judged: one slow repeat cannot move it.
  const value = medianOf(runs, (r) => measure(r, e.metric));
  const base = {
    figure: e.figure,
    variant: e.variant,
    metric: e.metric,
    measuredMs: value,
    runs: runs.length,
  };
  if ('belowMs' in e.expected) {
    const reproduced = value === null ? null : value < e.expected.belowMs;
    return { ...base, expected: e.expected, deviation: null, reproduced };
  }
  // The article's figures are for time scale 1; a scaled run (--quick) is held to the scaled figure.
  const timeScale = scenario.timeScale;
  const scaledMs = e.expected.ms * timeScale;
  const plus = e.expected.plusAtMostMs;
  const expected = {
    ms: e.expected.ms,
    timeScale,
    scaledMs,
    ...(plus === undefined ? {} : { plusAtMostMs: plus * timeScale }),
  };
  if (value === null) return { ...base, expected, deviation: null, reproduced: null };
  const deviation = (value - scaledMs) / scaledMs;
  const reproduced =
    plus === undefined
      ? withinShown(deviation)
      : value >= scaledMs && value <= scaledMs + plus * timeScale;
  return { ...base, expected, deviation, reproduced };
}

/** The article's rows measured in this run; no rows when it has no seed-checkout scenario. */
export function articleTable(scenarios: readonly ScenarioResult[]): ArticleTable {
  const seed = scenarios.find((s) => s.name === SEED_SCENARIO);
  // A row measured in a scenario of its own (the webhook's) is shown when that scenario ran.
  const rows = EXPECTATIONS.flatMap((e) => {
    const scenario = e.scenario ? scenarios.find((s) => s.name === e.scenario) : seed;
    return scenario ? [rowFor(e, scenario)] : [];
  });
  return {
    scenario: SEED_SCENARIO,
    reproducedWithin: REPRODUCED_WITHIN,
    rows: seed ? rows : null,
  };
}
