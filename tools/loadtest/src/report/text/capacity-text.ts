/**
 * The capacity table and the transport benchmark's table, as plain cells
 * both printers share: each variant's ceiling against what its transports
 * alone allow, measured in the same run.
 */
import type { Primitive, ScenarioResult, TransportResult, VariantResult } from '../../result/index.js';
import {
  machineBound,
  PRIMITIVE_LABELS,
  PRIMITIVE_SHORT,
  transportBound,
  USES_PER_CHECKOUT,
} from '../../analysis/transport-bound.js';
import { formatCount, formatMs, formatNumber, formatRate } from './format.js';
import { isRepeated, variantLabel } from './variant-groups.js';

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
