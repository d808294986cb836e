/**
 * The crossover's charts: one per payment latency, the arrival rate across,
 * each variant's p99 time until done on a log scale (left) and its share of
 * orders never done (right), with the rates at which rate × latency passes
 * the sync pool shaded.
 */
import type { Variant } from '@lab/domain';
import type { CrossoverResult, ScenarioResult } from '../../result/index.js';
import { colorOf, type ChartShade, type ChartSpec } from './chart-spec.js';
import { crossoverVariants } from '../text/crossover-text.js';
import { formatMs, formatNumber, formatPercent } from '../text/format.js';

const PERCENT = 100;
const MS_PER_S = 1000;

/** From the rate at which rate × latency fills the sync pool, to the right of the chart. */
function overThePool(
  x: CrossoverResult,
  latencyMs: number,
  rates: readonly number[],
): ChartShade[] {
  if (latencyMs <= 0 || rates.length === 0) return [];
  const from = (x.syncPool.maxInFlight * MS_PER_S) / latencyMs;
  const top = Math.max(...rates);
  if (from > top) return [];
  return [
    {
      from,
      // To the chart's right edge (twice the top rate).
      to: top * 2,
      kind: 'limit',
      label: ['over the sync pool:', `rate × latency > ${formatNumber(x.syncPool.maxInFlight)}`],
    },
  ];
}

export function crossoverCharts(scenario: ScenarioResult): ChartSpec[] {
  const x = scenario.crossover;
  if (!x) return [];
  const variants = crossoverVariants(x);
  if (variants.length === 0) return [];
  return [...x.paymentLatenciesMs]
    .sort((a, b) => a - b)
    .map((latency): ChartSpec => {
      const row = x.cells
        .filter((c) => c.paymentLatencyMs === latency)
        .sort((a, b) => a.rate - b.rate);
      const figures = (variant: Variant) => row.map((c) => c.figures[variant]);
      return {
        title: `Payment provider at ${formatMs(latency)}`,
        caption:
          `Solid, left (log): p99 time until done, from the intended send until confirmed with every effect (sync: its answer; async: its completion); ` +
          `a gap where more than ${formatPercent(x.rule.notDoneAllowed)} of orders were never done. Dashed, right: share of orders never done (503 answers). ` +
          `Amber: rate × latency above the sync pool of ${formatNumber(x.syncPool.maxInFlight)}. Lines within ${formatPercent(x.rule.tieWithin)} are even.`,
        xLabel: 'arrival rate',
        yLabel: 'p99 time until done',
        xUnit: 'rate',
        yUnit: 'ms',
        xLog: true,
        yLog: true,
        stepped: false,
        points: true,
        y2: { label: 'never done', unit: 'percent', range: [0, PERCENT] },
        x: row.map((c) => c.rate),
        // Half the lowest rate to twice the highest: no point sits on the chart's edge.
        ...(row.length ? { xRange: [row[0]!.rate / 2, row.at(-1)!.rate * 2] as const } : {}),
        series: [
          ...variants.map((v, i) => ({
            label: `${v} p99 until done`,
            color: colorOf(v, i),
            dash: false,
            values: figures(v).map((f) =>
              f && f.doneP99 !== null && f.doneP99 > 0 ? f.doneP99 : null,
            ),
          })),
          ...variants.map((v, i) => ({
            label: `${v} never done`,
            color: colorOf(v, i),
            dash: true,
            axis: 'y2' as const,
            values: figures(v).map((f) => (f ? f.notDone * PERCENT : null)),
          })),
        ],
        shades: overThePool(
          x,
          latency,
          row.map((c) => c.rate),
        ),
      };
    });
}
