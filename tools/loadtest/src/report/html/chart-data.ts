/**
 * The charts of one scenario as plain data: aligned x values, series and the
 * shaded windows. Computed here, in Node, so the page's script only draws.
 */
import type { ScenarioResult, TimelinePoint, VariantResult } from '../../result/index.js';
import {
  colorOf,
  OFFERED_COLOR,
  type ChartSeries,
  type ChartShade,
  type ChartSpec,
} from './chart-spec.js';
import { faultSpan } from '../text/fault-text.js';
import { isRepeated, shownRuns, variantLabel } from '../text/variant-groups.js';

/** Every second any variant reported, ascending. */
function timeAxis(variants: readonly VariantResult[]): number[] {
  const seconds = new Set<number>();
  for (const r of variants) for (const p of r.timeline) seconds.add(p.t);
  return [...seconds].sort((a, b) => a - b);
}

function along(
  x: readonly number[],
  r: VariantResult,
  pick: (p: TimelinePoint) => number | null,
): (number | null)[] {
  const byT = new Map(r.timeline.map((p) => [p.t, p]));
  return x.map((t) => {
    const p = byT.get(t);
    return p ? pick(p) : null;
  });
}

/** A log scale has no place for zero: a second without answers is a gap, not a value. */
const positive = (v: number | null): number | null => (v != null && v > 0 ? v : null);

function shades(scenario: ScenarioResult, x: readonly number[]): ChartShade[] {
  const warm = scenario.variants.flatMap((r) => r.timeline.filter((p) => p.warmup).map((p) => p.t));
  const result: ChartShade[] = [];
  if (warm.length) {
    const last = Math.max(...warm);
    // Points sit on whole seconds; the shade ends halfway to the first steady one.
    const firstSteady = x.find((t) => t > last) ?? last + 1;
    result.push({
      from: Math.min(...warm, x[0] ?? 0),
      to: (last + firstSteady) / 2,
      kind: 'warmup',
      label: ['warm-up'],
    });
  }
  for (const f of scenario.faults) {
    const span = faultSpan(f);
    result.push({
      from: span.from,
      to: span.to,
      kind: span.executed ? 'fault' : 'planned',
      label: [f.kind, f.target],
    });
  }
  return result;
}

const PERCENT = 100;

const SHADE_CAPTION = 'Grey: warm-up. Red: fault window (pale, dashed edges: planned but not run).';

function latencyChart(scenario: ScenarioResult, x: readonly number[], labels: string[]): ChartSpec {
  return {
    title: 'Latency over time (p99 per second)',
    caption: `Solid: accepted (the answer). Dashed: completed (all effects applied). Log scale. ${SHADE_CAPTION}`,
    xLabel: 'seconds since the variant started',
    yLabel: 'p99 latency',
    xUnit: 's',
    yUnit: 'ms',
    xLog: false,
    yLog: true,
    stepped: false,
    x,
    series: scenario.variants.flatMap((r, i) => [
      {
        label: `${labels[i]} accepted`,
        color: colorOf(r.variant, i),
        dash: false,
        values: along(x, r, (p) => positive(p.acceptedP99)),
      },
      {
        label: `${labels[i]} completed`,
        color: colorOf(r.variant, i),
        dash: true,
        values: along(x, r, (p) => positive(p.completedP99)),
      },
    ]),
    shades: shades(scenario, x),
  };
}

function rateChart(scenario: ScenarioResult, x: readonly number[], labels: string[]): ChartSpec {
  const offered = scenario.variants.map((r) => along(x, r, (p) => p.offered));
  const sameOffer = offered.every((o) => JSON.stringify(o) === JSON.stringify(offered[0]));
  const offeredSeries: ChartSeries[] = sameOffer
    ? [
        {
          label: 'offered (all variants)',
          color: OFFERED_COLOR,
          dash: true,
          values: offered[0] ?? [],
        },
      ]
    : scenario.variants.map((r, i) => ({
        label: `${labels[i]} offered`,
        color: colorOf(r.variant, i),
        dash: true,
        values: offered[i] ?? [],
      }));
  return {
    title: 'Rate over time',
    caption: `Solid: answers received per second. Dashed: requests offered per second. ${SHADE_CAPTION}`,
    xLabel: 'seconds since the variant started',
    yLabel: 'per second',
    xUnit: 's',
    yUnit: 'rate',
    xLog: false,
    yLog: false,
    stepped: false,
    x,
    series: [
      ...offeredSeries,
      ...scenario.variants.map((r, i) => ({
        label: `${labels[i]} achieved`,
        color: colorOf(r.variant, i),
        dash: false,
        values: along(x, r, (p) => p.achieved),
      })),
    ],
    shades: shades(scenario, x),
  };
}

function backlogChart(
  scenario: ScenarioResult,
  x: readonly number[],
  labels: string[],
): ChartSpec | null {
  const series = scenario.variants
    .map((r, i) => ({
      label: labels[i] ?? r.variant,
      color: colorOf(r.variant, i),
      dash: false,
      values: along(x, r, (p) => p.backlog),
    }))
    .filter((s) => s.values.some((v) => v != null));
  if (series.length === 0) return null;
  return {
    title: 'Backlog depth over time',
    caption: `Work waiting in the brokers (JetStream pending + BullMQ waiting/active); variants without brokers are left out. ${SHADE_CAPTION}`,
    xLabel: 'seconds since the variant started',
    yLabel: 'messages and jobs',
    xUnit: 's',
    yUnit: 'count',
    xLog: false,
    yLog: false,
    stepped: false,
    x,
    series,
    shades: shades(scenario, x),
  };
}

function errorsChart(
  scenario: ScenarioResult,
  x: readonly number[],
  labels: string[],
): ChartSpec | null {
  const count = (p: TimelinePoint) => Object.values(p.errors).reduce((a, b) => a + b, 0);
  if (!scenario.variants.some((r) => r.timeline.some((p) => count(p) > 0))) return null;
  return {
    title: 'Errors over time',
    caption: `Answers per second that were errors (declined cards and sold-out items included; the summary gives them by reason). ${SHADE_CAPTION}`,
    xLabel: 'seconds since the variant started',
    yLabel: 'errors per second',
    xUnit: 's',
    yUnit: 'rate',
    xLog: false,
    yLog: false,
    stepped: false,
    x,
    series: scenario.variants.map((r, i) => ({
      label: labels[i] ?? r.variant,
      color: colorOf(r.variant, i),
      dash: false,
      values: along(x, r, count),
    })),
    shades: shades(scenario, x),
  };
}

/** The share of orders at or under each bound, in percent. */
function cumulative(
  x: readonly number[],
  buckets: readonly (readonly [number, number])[],
): (number | null)[] {
  const total = buckets.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return x.map(() => null);
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  let seen = 0;
  let next = 0;
  return x.map((bound) => {
    while (next < sorted.length && sorted[next]![0] <= bound) seen += sorted[next++]![1];
    return (seen / total) * PERCENT;
  });
}

function distributionChart(scenario: ScenarioResult, labels: string[]): ChartSpec | null {
  const bounds = new Set<number>();
  for (const r of scenario.variants) {
    for (const [b] of [...r.acceptedDistribution, ...r.completedDistribution]) {
      if (b > 0) bounds.add(b);
    }
  }
  if (bounds.size === 0) return null;
  const x = [...bounds].sort((a, b) => a - b);
  return {
    title: 'Accepted vs completed: latency distribution',
    caption:
      'Share of orders answered (solid) or completed (dashed) within the latency on the x axis; log scale. The further left a curve rises, the faster.',
    xLabel: 'latency',
    yLabel: '% of orders',
    xUnit: 'ms',
    yUnit: 'percent',
    xLog: true,
    yLog: false,
    stepped: true,
    yRange: [0, PERCENT],
    x,
    series: scenario.variants.flatMap((r, i) => [
      {
        label: `${labels[i]} accepted`,
        color: colorOf(r.variant, i),
        dash: false,
        values: cumulative(x, r.acceptedDistribution),
      },
      {
        label: `${labels[i]} completed`,
        color: colorOf(r.variant, i),
        dash: true,
        values: cumulative(x, r.completedDistribution),
      },
    ]),
    shades: [],
  };
}

/**
 * The charts of a scenario, in reading order: latency and rate over time,
 * backlog depth (only when some variant sampled it), and the accepted vs
 * completed distributions. A scenario without timeline or buckets has fewer.
 * A repeated variant is drawn from its median repeat.
 */
export function chartsFor(all: ScenarioResult): ChartSpec[] {
  // With repeats, each variant's median repeat: one line per variant, from a run that happened.
  const scenario = { ...all, variants: shownRuns(all) };
  const repeated = isRepeated(all.variants);
  const labels = scenario.variants.map((r) => variantLabel(r, repeated));
  const x = timeAxis(scenario.variants);
  const overTime = x.length
    ? [
        latencyChart(scenario, x, labels),
        rateChart(scenario, x, labels),
        errorsChart(scenario, x, labels),
        backlogChart(scenario, x, labels),
      ]
    : [];
  return [...overTime, distributionChart(scenario, labels)].filter(
    (c): c is ChartSpec => c != null,
  );
}
