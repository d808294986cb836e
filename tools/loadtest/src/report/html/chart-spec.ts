/**
 * What a chart of the HTML report is, as plain data the page's script only
 * draws: aligned x values, series, shaded windows; and each variant's colour.
 */

/** How the page formats a chart's values. */
export type ChartUnit = 'ms' | 'rate' | 'count' | 'percent';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** Dashed: the secondary line of a pair (completed next to accepted, offered next to achieved). */
  readonly dash: boolean;
  readonly values: readonly (number | null)[];
  /** Drawn against the chart's second y axis (on the right). */
  readonly axis?: 'y2';
}

export interface ChartShade {
  readonly from: number;
  readonly to: number;
  /**
   * warm-up: grey; fault: ran; planned: a fault that did not run, drawn lighter
   * and dashed; limit: where the x values pass a limit (amber).
   */
  readonly kind: 'warmup' | 'fault' | 'planned' | 'limit';
  /** Drawn at the top of the window, one entry per line. */
  readonly label: readonly string[];
}

export interface ChartSpec {
  readonly title: string;
  /** One sentence under the chart on how to read it. */
  readonly caption: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xUnit: 's' | 'ms' | 'rate';
  readonly yUnit: ChartUnit;
  readonly xLog: boolean;
  readonly yLog: boolean;
  /** Steps instead of slopes: a cumulative share only changes at a bucket's bound. */
  readonly stepped: boolean;
  /** Fixed y range; otherwise from zero (linear) or from the data (log). */
  readonly yRange?: readonly [number, number];
  /** Fixed x range: room around the first and last points of a sweep. */
  readonly xRange?: readonly [number, number];
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly shades: readonly ChartShade[];
  /** Marks on the points: a sweep has a few x values, not a time series. */
  readonly points?: boolean;
  /** A second y axis on the right, for the series with `axis: 'y2'`. */
  readonly y2?: {
    readonly label: string;
    readonly unit: ChartUnit;
    readonly range: readonly [number, number];
  };
}

/** One color per variant, the same on every chart; others cycle through the spare ones. */
const VARIANT_COLORS: Readonly<Record<string, string>> = {
  sync: '#d9731a',
  async: '#2f6db5',
  hybrid: '#2a9a55',
};
const SPARE_COLORS = ['#8e44ad', '#c0392b', '#16a085', '#7f8c8d'];
/** The offered rate beside each variant's achieved one. */
export const OFFERED_COLOR = '#6b7280';

export function colorOf(variant: string, index: number): string {
  return VARIANT_COLORS[variant] ?? SPARE_COLORS[index % SPARE_COLORS.length]!;
}
