/**
 * The sentences and table cells both text printers share, as plain unescaped
 * strings: Markdown and HTML each escape them for their own syntax, so the two
 * reports can never disagree on a number.
 */
import type {
  FaultWindow,
  LatencySummary,
  LittlesLaw,
  RunResult,
  ScenarioResult,
  Primitive,
  ThresholdOutcome,
  TransportResult,
  VariantResult,
  VerdictRow,
} from '../result.js';
import {
  machineBound,
  PRIMITIVE_LABELS,
  PRIMITIVE_SHORT,
  transportBound,
  USES_PER_CHECKOUT,
} from '../transport-bound.js';
import {
  formatBreakdown,
  formatCount,
  formatMetric,
  formatMs,
  formatNumber,
  formatPercent,
  formatRate,
  formatSeconds,
  sumCounts,
} from './format.js';
import { isRepeated, variantLabel } from './variant-groups.js';
import { verdictFor } from './verdict.js';

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

/** "open loop, 20/s for 20 s (3 s warm-up), mix valid 100 %; profile seed, time scale 1". */
export function workloadLine(scenario: ScenarioResult): string {
  const w = scenario.workload;
  const load =
    w.mode === 'open'
      ? `open loop, ${formatRate(w.rate)}${w.rampTo != null ? ` ramped to ${formatRate(w.rampTo)}` : ''}`
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

/** Where a fault sits: what actually happened when it ran, else what was planned. */
export function faultSpan(fault: FaultWindow): { from: number; to: number; executed: boolean } {
  if (fault.executed && fault.appliedAtS != null) {
    return {
      from: fault.appliedAtS,
      to: fault.endedAtS ?? fault.appliedAtS + fault.durationS,
      executed: true,
    };
  }
  return { from: fault.startS, to: fault.startS + fault.durationS, executed: false };
}

/** "crash on notification, planned 8–13 s, applied 8.1–13.2 s: SIGKILL at 8.1 s…". */
export function faultLine(fault: FaultWindow): string {
  const planned = `planned ${formatNumber(fault.startS)}–${formatSeconds(fault.startS + fault.durationS)}`;
  const span = faultSpan(fault);
  const what = span.executed
    ? `applied ${formatNumber(span.from)}–${formatSeconds(span.to)}`
    : 'not executed';
  return `${fault.kind} on ${fault.target}, ${planned}, ${what}${fault.note ? `: ${fault.note}` : ''}`;
}

/** "sync: errorRate 29.4 % > max 1 %". */
export function thresholdLine(t: ThresholdOutcome): string {
  const op = t.passed ? '≤' : '>';
  return `${t.variant}: ${t.metric} ${formatMetric(t.metric, t.value)} ${op} max ${formatMetric(t.metric, t.max)}`;
}

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
  readonly lost: string;
  readonly duplicateEffects: string;
  readonly orphanCharges: string;
  /** Whether any promise count of this variant is non-zero. */
  readonly brokePromise: boolean;
}

const latencyCell = (count: number, ms: number) => (count > 0 ? formatMs(ms) : formatMs(null));

export function summaryRow(r: VariantResult, repeated: boolean): SummaryRow {
  const a = r.accounting;
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
    lost: formatCount(a?.lost),
    duplicateEffects: formatCount(a?.duplicateEffects),
    orphanCharges: formatCount(a?.orphanCharges),
    brokePromise: a != null && brokenPromiseCount(a) > 0,
  };
}

export function summaryRows(scenario: ScenarioResult): SummaryRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants.map((r) => summaryRow(r, repeated));
}

/** Counts that break the promise of section 5; any non-zero one is shown in red. */
export const PROMISE_BREAKERS = [
  'lost',
  'duplicateEffects',
  'orphanCharges',
  'missingEffects',
  'leakedReservations',
] as const;

export function brokenPromiseCount(a: NonNullable<VariantResult['accounting']>): number {
  return PROMISE_BREAKERS.reduce((sum, key) => sum + a[key], 0);
}

/** The runner's verdict; computed here only when a result arrives without one. */
export function verdictOf(scenario: ScenarioResult): readonly VerdictRow[] {
  return scenario.verdict.length > 0 ? scenario.verdict : verdictFor(scenario.variants);
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

/** One fault as it ran against one variant. */
export interface FaultRunRow {
  readonly label: string;
  readonly fault: string;
  readonly applied: string;
  readonly ended: string;
  /** crash / broker-down: how long the restarted process took to serve. */
  readonly back: string;
  readonly recovery: string;
  /** Ran, but the variant was not back to normal by the end of the run. */
  readonly unrecovered: boolean;
}

/** "4.6 s", "not back to normal by the end of the run", "–" when it did not run. */
export function recoveryText(f: FaultWindow): string {
  if (!f.executed || f.recoveryS === undefined) return '–';
  return f.recoveryS === null
    ? `none: ${f.recoveryNote ?? 'not back to normal by the end of the run'}`
    : formatSeconds(f.recoveryS);
}

/** Every variant's faults with the exact times they took effect and ended, and its recovery. */
export function faultRunRows(scenario: ScenarioResult): FaultRunRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants.flatMap((r) =>
    (r.faults ?? []).map((f) => ({
      label: variantLabel(r, repeated),
      fault: `${f.kind} ${f.target}`,
      applied: f.appliedAtS !== undefined ? formatSeconds(f.appliedAtS) : 'not applied',
      ended: f.endedAtS !== undefined ? formatSeconds(f.endedAtS) : '–',
      back:
        f.recoveredAtS !== undefined && f.endedAtS !== undefined
          ? formatMs((f.recoveredAtS - f.endedAtS) * 1000)
          : '–',
      recovery: recoveryText(f),
      unrecovered: f.executed && f.recoveryS === null,
    })),
  );
}

/** How recovery is judged, from the limits the variants ran under. */
export function recoveryRule(scenario: ScenarioResult): string | null {
  const limits = scenario.variants
    .filter((r) => r.recoveryLimits)
    .map(
      (r) =>
        `${r.variant} accepted ≤ ${formatMs(r.recoveryLimits!.acceptedP99Ms)}, completed ≤ ${formatMs(r.recoveryLimits!.completedP99Ms)}`,
    );
  if (limits.length === 0) return null;
  return (
    'Recovery: seconds from the end of the fault until the broker backlog was no deeper than before it, ' +
    'no errors other than declined or out-of-stock answers, and the per-second p99 back under its limit ' +
    `(${[...new Set(limits)].join('; ')}), staying so to the end of the run.`
  );
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
  'CPU seconds (user + system, from /proc) spent by the stack during the run and its drain, per 1,000 confirmed orders; total = services + brokers, the load tool is shown apart. Memory: the sum of the peak resident sizes of the services, + the brokers (which live for the whole suite).';

/** The efficiency the performance work aims for: a stack's ceiling over its transports' ceiling. */
export const CAPACITY_TARGET_RATIO = 0.5;

/** One variant's row of the capacity table. */
export interface CapacityRow {
  readonly label: string;
  readonly ceiling: string;
  /** "broke at 5 s: accepted p99 119 ms > 100 ms" or "held to the top of the ramp". */
  readonly why: string;
  /** "1,141/s: grpc-js unary 7,985/s ÷ 7 per checkout", or – without a transport run. */
  readonly bound: string;
  readonly ratio: string;
  /** true/false against CAPACITY_TARGET_RATIO; null when there is no ratio. */
  readonly meetsTarget: boolean | null;
  /** "2,407/s: 0.831 ms CPU per checkout on 2 CPUs": the bound when every hop shares the machine; – without CPU measures. */
  readonly machine: string;
  /** The highest ratio the machine allows: min(1, machine bound ÷ slowest-hop bound), or –. */
  readonly bestRatio: string;
  /** false when even a stack that added nothing could not reach the target here; null without one. */
  readonly targetReachable: boolean | null;
  /** "3.2 ms, 3.9× the transports'": the stack's CPU per confirmed checkout in this run, or –. */
  readonly stackCpu: string;
  /** Against the baseline scenario's ceiling of the same variant: "+4 % (577/s)"; absent without one. */
  readonly vsBaseline?: string;
}

/** Each variant's ceiling and its ratio to what the transports alone allow, measured in the same run. */
export function capacityRows(
  scenario: ScenarioResult,
  transport?: TransportResult,
  baseline?: ScenarioResult,
): CapacityRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants
    .filter((r) => r.ceiling)
    .map((r) => {
      const c = r.ceiling!;
      const bound = transport ? transportBound(r.variant, transport.ceilings) : null;
      const ratio = bound && bound.rate > 0 ? c.rate / bound.rate : null;
      const machine = transport ? machineBound(r.variant, transport) : null;
      const best =
        machine && bound && bound.rate > 0 ? Math.min(1, machine.rate / bound.rate) : null;
      // CPU s per 1,000 confirmed is CPU ms per confirmed checkout.
      const stackMs = r.cost?.cpuSPer1000.total ?? null;
      return {
        label: variantLabel(r, repeated),
        ceiling: formatRate(c.rate),
        why:
          (c.brokeAtS === null ? c.why : `broke: ${c.why}`) +
          (c.isolated?.length ? `; alone over the level at second ${c.isolated.join(', ')}` : ''),
        bound: bound
          ? `${formatRate(bound.rate)}: ${PRIMITIVE_SHORT[bound.limitedBy]} ${formatRate(transport!.ceilings[bound.limitedBy])} ÷ ${bound.uses} per checkout`
          : '–',
        ratio: ratio === null ? '–' : ratio.toFixed(2),
        meetsTarget: ratio === null ? null : ratio >= CAPACITY_TARGET_RATIO,
        machine: machine
          ? `${formatRate(machine.rate)}: ${formatMs(machine.cpuMsPerCheckout)} CPU per checkout on ${machine.cpus} CPUs`
          : '–',
        bestRatio: best === null ? '–' : best.toFixed(2),
        targetReachable: best === null ? null : best >= CAPACITY_TARGET_RATIO,
        stackCpu:
          stackMs === null
            ? '–'
            : formatMs(stackMs) +
              (machine
                ? `, ${formatNumber(stackMs / machine.cpuMsPerCheckout)}× the transports'`
                : ''),
        ...(baseline ? { vsBaseline: versus(c.rate, baselineCeiling(baseline, r)) } : {}),
      };
    });
}

/** The baseline's ceiling for the same variant and repeat. */
function baselineCeiling(baseline: ScenarioResult, r: VariantResult): number | undefined {
  return baseline.variants.find((b) => b.variant === r.variant && b.repeat === r.repeat)?.ceiling
    ?.rate;
}

function versus(rate: number, before: number | undefined): string {
  if (before === undefined) return '–';
  if (before === 0) return `from ${formatRate(before)}`;
  const change = (rate - before) / before;
  return `${change >= 0 ? '+' : '−'}${Math.abs(Math.round(change * 100))} % (${formatRate(before)})`;
}

/** How the capacity table is read. */
export function capacityCaption(scenario: ScenarioResult): string {
  const level = scenario.variants.find((r) => r.ceiling)?.ceiling?.acceptedP99Ms;
  return (
    `Ceiling: the highest rate answered in a second that kept the level, before the level broke ` +
    `(accepted p99 ≤ ${level === undefined ? '–' : formatMs(level)}, no outage errors, ≥ 90 % of the offer answered, ` +
    `no more accepted orders unfinished than a second of arrivals) in two seconds in a row; a second over the level alone is listed, not counted. Transport bound: the slowest hop, ` +
    `i.e. the lowest of (raw rate of a primitive ÷ its uses per checkout) over the primitives the variant uses, ` +
    `from the transport benchmark of this run. Ratio = ceiling ÷ bound; the target is ≥ ${CAPACITY_TARGET_RATIO}. ` +
    `All hops on the machine: the slowest hop assumes each hop has the machine to itself, but a stack's hops share its CPUs; ` +
    `the benchmark also measures the CPU each operation costs (this process, the peer and the brokers), so a checkout's ` +
    `transport work costs Σ uses × CPU per operation, and the CPUs allow at most CPUs ÷ that many checkouts a second, ` +
    `before the stack adds anything (its HTTP, ledger writes and logic, and the load tool's requests, share the same CPUs). ` +
    `Best possible ratio: that rate ÷ the slowest-hop bound (at most 1); below ${CAPACITY_TARGET_RATIO}, no stack meets the target on this machine. ` +
    `Stack CPU: services and brokers per confirmed checkout in this run (the cost table below), against the transports' part.`
  );
}

/** One row per measure of the transport benchmark. */
export function transportRows(transport: TransportResult): string[][] {
  return transport.measures.map((m) => [
    PRIMITIVE_LABELS[m.primitive],
    String(m.concurrency),
    formatCount(m.ops),
    formatRate(m.rate),
    m.p50Ms === null ? '–' : formatMs(m.p50Ms),
    m.p99Ms === null ? '–' : formatMs(m.p99Ms),
    m.cpuMsPerOp == null ? '–' : formatMs(m.cpuMsPerOp),
  ]);
}

export const TRANSPORT_HEADERS = [
  'primitive',
  'concurrency',
  'operations',
  'rate',
  'p50',
  'p99',
  'CPU per operation',
] as const;

export const TRANSPORT_CAPTION =
  'Measured in this run on the same brokers, before the scenarios: this process against a peer process whose handlers do nothing, closed loop (consume and process drain what the publish and add phases left). CPU per operation: user + system time of this process, the peer and the brokers over the measure, ÷ its operations. Uses per checkout: ' +
  (['sync', 'async', 'hybrid'] as const)
    .map(
      (v) =>
        `${v} ${Object.entries(USES_PER_CHECKOUT[v])
          .map(([p, n]) => `${n} × ${PRIMITIVE_SHORT[p as Primitive]}`)
          .join(', ')}`,
    )
    .join('; ') +
  '.';
