/**
 * The sentences and table cells both text printers share, as plain unescaped
 * strings: Markdown and HTML each escape them for their own syntax, so the two
 * reports can never disagree on a number.
 */
import type {
  LatencySummary,
  LittlesLaw,
  RunResult,
  ScenarioResult,
  VariantResult,
} from '../../result/index.js';
import {
  formatBreakdown,
  formatCount,
  formatMs,
  formatNumber,
  formatPercent,
  formatRate,
  formatSeconds,
  sumCounts,
} from './format.js';
import { promisesText } from './promise-text.js';
import { isRepeated, variantLabel } from './variant-groups.js';

/** "2 × AMD EPYC 7B13 · 7.8 GiB · linux 6.1.0-28-amd64". */
export function machineText(result: RunResult): string {
  const { cpus, cpuModel, memoryGiB, os } = result.machine;
  return `${cpus} × ${cpuModel} · ${formatNumber(memoryGiB)} GiB · ${os}`;
}

/** "node v20.18.1 · nats-server 2.10.24 · redis-server 7.4.2". */
export function versionsText(result: RunResult): string {
  return Object.entries(result.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(' · ');
}

/** The machine and the versions in one line. */
export function machineLine(result: RunResult): string {
  const versions = versionsText(result);
  return versions ? `${machineText(result)} · ${versions}` : machineText(result);
}

/** "Poisson arrivals at": how an open loop's requests arrive, said before its rate. */
export function arrivalsText(a: ScenarioResult['workload']['arrivals']): string {
  if (!a || a.process === 'uniform') return 'evenly spaced arrivals at';
  if (a.process === 'poisson') return 'Poisson arrivals at';
  return `bursty arrivals (${formatSeconds(a.onS)} at ${formatRate(a.onRate)}, then ${formatSeconds(a.offS)} at ${formatRate(a.offRate)}), nominal`;
}

/** "open loop, Poisson arrivals at 20/s for 20 s (3 s warm-up), mix valid 100 %; profile seed, time scale 1". */
export function workloadLine(scenario: ScenarioResult): string {
  const w = scenario.workload;
  const load =
    w.mode === 'open'
      ? `open loop, ${arrivalsText(w.arrivals)} ${formatRate(w.rate)}${w.rampTo != null ? ` ramped to ${formatRate(w.rampTo)}` : ''}`
      : w.mode === 'burst'
        ? `a burst of ${formatCount(w.users)} requests at once`
        : `closed loop, ${formatCount(w.users)} users`;
  // The mix gives the share of all requests of each kind; the rest are valid checkouts.
  const shares = Object.entries(w.mix).filter(([, share]) => share > 0);
  const valid = Math.max(0, 1 - sumCounts(w.mix));
  const mix = [
    ...shares.map(([name, share]) => `${name} ${formatPercent(share)}`),
    `valid ${formatPercent(valid)}`,
  ].join(', ');
  return (
    `${load} for ${formatSeconds(w.durationS)} (${formatSeconds(w.warmupS)} warm-up` +
    `${w.mode === 'open' && w.warmupRate != null ? ` at ${formatRate(w.warmupRate)}, before the ramp` : ''})` +
    `${mix ? `, mix ${mix}` : ''}; profile ${scenario.profile}, time scale ${formatNumber(scenario.timeScale)}`
  );
}

/** "mean in flight 41.2 vs rate×latency 40.8: ratio 1.01, holds". */
export function littlesLawLine(law: LittlesLaw | null): string {
  if (!law) return 'not measured';
  return (
    `mean in flight ${formatNumber(law.meanInFlight)} vs rate×latency ${formatNumber(law.predicted)}: ` +
    `ratio ${law.ratio.toFixed(2)}, ${law.holds ? 'holds' : 'does not hold'}`
  );
}

/**
 * How late the tool sent, from its send lag: "p50 0.001 ms, p99 0.71 ms, max
 * 9.18 ms over 10,000 sends". A burst has every request due at once: its lag
 * is how long sending them took, not a pacing error.
 */
export function sendLagLine(lag: LatencySummary, mode: ScenarioResult['workload']['mode']): string {
  if (lag.count === 0) return 'not measured: a closed loop sends when an answer comes';
  if (mode === 'burst') {
    return `a burst: all ${formatCount(lag.count)} sends due at once, the last left ${formatMs(lag.max)} after they were due`;
  }
  return (
    `p50 ${formatMs(lag.p50)}, p99 ${formatMs(lag.p99)}, max ${formatMs(lag.max)} ` +
    `over ${formatCount(lag.count)} sends${lag.p99 <= SEND_LAG_TARGET_MS ? '' : ` (over the ${formatMs(SEND_LAG_TARGET_MS)} target at p99)`}`
  );
}

/** The tool's own promise: it sends within this of the intended time, at p99. */
export const SEND_LAG_TARGET_MS = 1;

/** One row of a scenario's summary table. */
export interface SummaryRow {
  readonly label: string;
  readonly offered: string;
  readonly achieved: string;
  readonly acceptedP50: string;
  readonly acceptedP99: string;
  readonly completedP50: string;
  readonly completedP99: string;
  readonly errors: string;
  /** "503: 10, timeout: 2"; empty when there were none. */
  readonly errorBreakdown: string;
  /** "kept", or what broke them: "leaked reservations 4", "no accounting: …". */
  readonly promises: string;
  /** Whether this run broke a promise (or has no accounting to show it kept them). */
  readonly brokePromise: boolean;
}

const latencyCell = (count: number, ms: number) => (count > 0 ? formatMs(ms) : formatMs(null));

export function summaryRow(r: VariantResult, repeated: boolean): SummaryRow {
  const promises = r.promises;
  return {
    label: variantLabel(r, repeated),
    offered: formatRate(r.offeredRate),
    achieved: formatRate(r.achievedRate),
    acceptedP50: latencyCell(r.accepted.count, r.accepted.p50),
    acceptedP99: latencyCell(r.accepted.count, r.accepted.p99),
    completedP50: latencyCell(r.completed.count, r.completed.p50),
    completedP99: latencyCell(r.completed.count, r.completed.p99),
    errors: formatCount(sumCounts(r.errorsByReason)),
    errorBreakdown: formatBreakdown(r.errorsByReason),
    promises: promisesText(promises),
    brokePromise: !promises.kept,
  };
}

export function summaryRows(scenario: ScenarioResult): SummaryRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants.map((r) => summaryRow(r, repeated));
}

/** Each run that did not keep its promises, and what broke them: "hybrid: leaked reservations 4". */
export function brokenPromiseLines(scenario: ScenarioResult): string[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants
    .filter((r) => !r.promises.kept)
    .map((r) => `${variantLabel(r, repeated)}: ${promisesText(r.promises)}`);
}

/**
 * What broke a scenario's promises: per run, or, for a crossover (whose runs
 * live in its cells), over the scenario. Empty when they were kept.
 */
export function scenarioBrokenLines(scenario: ScenarioResult): string[] {
  if (!scenario.crossover) return brokenPromiseLines(scenario);
  return scenario.promises.kept ? [] : [promisesText(scenario.promises)];
}

/** Under the verdict of a repeated scenario: what its values are. Null with one repeat. */
export function verdictCaption(scenario: ScenarioResult): string | null {
  if (!isRepeated(scenario.variants)) return null;
  const counts = [...new Set(groupCounts(scenario.variants))].join(' or ');
  return `Each value is the median over the variant's ${counts} repeats; the promises kept are summed over them, as one broken in any repeat is broken.`;
}

function groupCounts(runs: readonly VariantResult[]): number[] {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.variant, (counts.get(r.variant) ?? 0) + 1);
  return [...counts.values()];
}

/** The variants of a scenario, once each, in the order they ran: the verdict's columns. */
export function variantColumns(scenario: ScenarioResult): VariantResult['variant'][] {
  return [...new Set(scenario.variants.map((r) => r.variant))];
}

/** ✅ or ❌. */
export function passIcon(passed: boolean): string {
  return passed ? '✅' : '❌';
}

/** "✅ passed" or "❌ failed". */
export function passMark(passed: boolean): string {
  return `${passIcon(passed)} ${passed ? 'passed' : 'failed'}`;
}

/** "charge 120 · refund 4 · email 116": orders with each effect applied. */
export function effectsLine(r: VariantResult): string {
  const effects = r.accounting?.effects ?? {};
  const order = ['reservation', 'release', 'charge', 'refund', 'email', 'analytics', 'warehouse'];
  return order
    .filter((e) => (effects as Record<string, number>)[e] !== undefined)
    .map((e) => `${e} ${formatCount((effects as Record<string, number>)[e])}`)
    .join(' · ');
}

/** One variant's cost per 1,000 confirmed orders, formatted. */
export interface CostRow {
  readonly label: string;
  readonly services: string;
  readonly brokers: string;
  readonly total: string;
  readonly tool: string;
  readonly memory: string;
}

const cpu = (s: number | null) => (s === null ? '–' : `${formatNumber(s)} s`);

/** The cost table's rows; empty when no variant measured its processes. */
export function costRows(scenario: ScenarioResult): CostRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants
    .filter((r) => r.cost)
    .map((r) => ({
      label: variantLabel(r, repeated),
      services: cpu(r.cost!.cpuSPer1000.services),
      brokers: cpu(r.cost!.cpuSPer1000.brokers),
      total: cpu(r.cost!.cpuSPer1000.total),
      tool: cpu(r.cost!.cpuSPer1000.tool),
      memory: `${formatNumber(r.cost!.peakRssMiB.services)} + ${formatNumber(r.cost!.peakRssMiB.brokers)} MiB`,
    }));
}

export const COST_CAPTION =
  'CPU seconds (user + system, from /proc) spent by the stack during the run and its drain, per 1,000 confirmed orders; total = services + brokers, the load tool is shown apart. Memory: the sum of the peak resident sizes of the services, + the brokers (the suite’s, which live for the whole suite, or, where the variants ran at the same time, each variant’s own).';
