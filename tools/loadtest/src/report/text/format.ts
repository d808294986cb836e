/**
 * Number formatting shared by the printers. Everything here is locale-free on
 * purpose: `toLocaleString` depends on the machine's ICU data, and a report must
 * read the same wherever it is printed.
 */

const MS_PER_S = 1000;
/** Three significant digits: "3.65 s", "12.3 ms", "0.42 ms". */
const SIGNIFICANT_DIGITS = 3;
/** Below this a value rounds to "1000 ms" with three digits; show it in seconds instead. */
const SECONDS_FROM_MS = 999.5;
/** Seconds from which three significant digits would turn into exponent notation. */
const WHOLE_SECONDS_FROM_S = 999.5;
const PERCENT = 100;
const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** Shown where a value is missing (no answers, not sampled, not measured). */
export const MISSING = '–';

function significant(value: number): string {
  // Number() drops the trailing zeros that toPrecision keeps ("6.00" → "6").
  return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

/** A latency in milliseconds, in the unit a person reads best: "6 ms", "12.3 ms", "3.65 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return MISSING;
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) < SECONDS_FROM_MS) return `${significant(ms)} ms`;
  const s = ms / MS_PER_S;
  if (Math.abs(s) >= WHOLE_SECONDS_FROM_S) return `${formatCount(Math.round(s))} s`;
  return `${significant(s)} s`;
}

/** A whole count with thousands separators: "12,345". */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return MISSING;
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(THOUSANDS, ',');
}

/** A plain measurement with three significant digits at most: "41.2", "0.063", "1,250". */
export function formatNumber(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return MISSING;
  if (Math.abs(n) >= MS_PER_S) return formatCount(n);
  return significant(n);
}

/** A rate in answers (or requests) per second: "19.9/s". */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond == null || !Number.isFinite(perSecond)) return MISSING;
  return `${formatNumber(perSecond)}/s`;
}

/** A signed percentage with two decimals: "+0.88 %", "-3.10 %". */
export function formatDeviation(fraction: number): string {
  const pct = fraction * PERCENT;
  const sign = pct > 0 ? '+' : '';
  return `${sign}${pct.toFixed(2)} %`;
}

/** A fraction as a percentage: 0.291 → "29.1 %". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * PERCENT)} %`;
}

/** Seconds on a scenario's timeline: "8 s", "8.1 s". */
export function formatSeconds(s: number): string {
  return `${formatNumber(s)} s`;
}

const LATENCY_METRIC = /^(accepted|completed|sendLag)\.(p50|p90|p99|p999|max|mean)$/;
const RATE_METRIC = /rate$/i;

/**
 * A threshold's value in the unit its metric implies: latencies as durations,
 * "…Rate" metrics as percentages when they are fractions, the rest as numbers.
 */
export function formatMetric(metric: string, value: number): string {
  if (LATENCY_METRIC.test(metric)) return formatMs(value);
  if (RATE_METRIC.test(metric) && value <= 1) return formatPercent(value);
  return formatNumber(value);
}

/** The sum of a record of counts (errors by reason, statuses). */
export function sumCounts(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** "503: 10, timeout: 2", largest first, ties by name so the order is stable. */
export function formatBreakdown(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `${reason}: ${formatCount(n)}`)
    .join(', ');
}

/** An ISO timestamp as "2025-03-14 10:02:11 UTC"; anything unparsable is shown as given. */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 19)} UTC`;
}

/** The wall-clock length between two ISO timestamps: "4 min 12 s"; empty when unknown. */
export function formatElapsed(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const SECONDS_PER_MIN = 60;
  const total = Math.round(ms / MS_PER_S);
  const min = Math.floor(total / SECONDS_PER_MIN);
  const s = total % SECONDS_PER_MIN;
  return min > 0 ? `${min} min ${s} s` : `${s} s`;
}

/** A factor like "1.6×". */
export function formatFactor(factor: number): string {
  return `${Number(factor.toPrecision(2))}×`;
}
