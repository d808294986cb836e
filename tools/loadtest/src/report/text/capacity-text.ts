/**
 * The capacity table and the transport benchmark's table, as plain cells
 * both printers share: each variant's ceiling against what its transports
 * alone allow, as the runner stated it (analysis/capacity.ts).
 */
import {
  PRIMITIVES,
  type Capacity,
  type CapacitySummary,
  type Primitive,
  type ScenarioResult,
  type TransportResult,
  type VariantResult,
} from '../../result/index.js';
import { formatCount, formatMs, formatNumber, formatRate, MISSING } from './format.js';
import { isRepeated, variantLabel, variantName } from './variant-groups.js';

export const PRIMITIVE_LABELS: Readonly<Record<Primitive, string>> = {
  'grpc-unary': 'grpc-js unary call (handler does nothing)',
  'nats-request': 'NATS request/reply (echo)',
  'jetstream-publish': 'JetStream publish, stream ack awaited',
  'jetstream-consume': 'JetStream durable pull consume, ack confirmed',
  'bullmq-add': 'BullMQ add (job id given)',
  'bullmq-process': 'BullMQ worker processing (job does nothing)',
};

/** Names short enough for a table cell. */
export const PRIMITIVE_SHORT: Readonly<Record<Primitive, string>> = {
  'grpc-unary': 'gRPC unary',
  'nats-request': 'NATS request/reply',
  'jetstream-publish': 'JetStream publish',
  'jetstream-consume': 'JetStream consume',
  'bullmq-add': 'BullMQ add',
  'bullmq-process': 'BullMQ process',
};

/** One variant's row of the capacity table: a run, or a variant's median over its repeats. */
export interface CapacityRow {
  readonly label: string;
  readonly ceiling: string;
  /** "broke at 5 s: accepted p99 119 ms > 100 ms" or "held to the top of the ramp"; the spread on a median row. */
  readonly why: string;
  /** "2,407/s: 0.831 ms CPU per checkout on 2 CPUs": the bound when every hop shares the machine; – without CPU measures. */
  readonly machine: string;
  /** Ceiling ÷ the machine bound: what the target is judged on. */
  readonly machineRatio: string;
  /** true/false against the target; null when there is no ratio. */
  readonly meetsTarget: boolean | null;
  /** "1,141/s: grpc-js unary 7,985/s ÷ 7 per checkout", or – without a transport run. */
  readonly bound: string;
  /** Ceiling ÷ the slowest hop (an earlier round's target). */
  readonly hopRatio: string;
  /** "3.2 ms, 3.9× the transports'": the stack's CPU per confirmed checkout in this run, or –. */
  readonly stackCpu: string;
  /** Against the baseline scenario's ceiling of the same variant: "+4 % (577/s)"; absent without one. */
  readonly vsBaseline?: string;
  /** The ratio the target is. */
  readonly target: number;
  /** A variant's median over its repeats, not one run. */
  readonly median?: true;
}

const ratioText = (ratio: number | null) => (ratio === null ? MISSING : ratio.toFixed(2));
/** A ratio of a ceiling below the ramp's start: at most the start's ratio. */
const ratioBelow = (start: number, bound: number | undefined) =>
  bound ? `< ${(start / bound).toFixed(2)}` : MISSING;

function versus(baseline: NonNullable<Capacity['baseline']>): string {
  const { rate: before, change } = baseline;
  if (before === null) return MISSING;
  if (change === null) return `vs ${formatRate(before)}`;
  return `${change >= 0 ? '+' : '−'}${Math.abs(Math.round(change * 100))} % (${formatRate(before)})`;
}

const machineText = (machine: Capacity['machineBound']) =>
  machine
    ? `${formatRate(machine.rate)}: ${formatMs(machine.cpuMsPerCheckout)} CPU per checkout on ${machine.cpus} CPUs`
    : MISSING;

function capacityRow(r: VariantResult, c: Capacity, repeated: boolean): CapacityRow {
  const ceiling = r.ceiling!;
  const { transportBound: bound, machineBound: machine } = c;
  // Broken before any ramp second kept the level: the ceiling is below where the ramp
  // began, its ratios at most the start's, and a change against a baseline's is not a number.
  const rampStart = r.timeline.find((p) => !p.warmup)?.offered;
  const belowStart = ceiling.rate === 0 && ceiling.brokeAtS !== null && rampStart !== undefined;
  const baseline = c.baseline && belowStart ? { ...c.baseline, change: null } : c.baseline;
  return {
    label: variantLabel(r, repeated),
    ceiling: belowStart ? `< ${formatRate(rampStart)}` : formatRate(ceiling.rate),
    why:
      (ceiling.brokeAtS === null ? ceiling.why : `broke: ${ceiling.why}`) +
      (ceiling.isolated?.length
        ? `; alone over the level at second ${ceiling.isolated.join(', ')}`
        : ''),
    machine: machineText(machine),
    machineRatio: belowStart ? ratioBelow(rampStart, machine?.rate) : ratioText(c.machineRatio),
    meetsTarget: c.meetsMachineTarget,
    bound: bound
      ? `${formatRate(bound.rate)}: ${PRIMITIVE_SHORT[bound.limitedBy]} ${formatRate(bound.primitiveRate)} ÷ ${bound.uses} per checkout`
      : MISSING,
    hopRatio: belowStart ? ratioBelow(rampStart, bound?.rate) : ratioText(c.ratio),
    stackCpu:
      c.stackCpuMsPerCheckout === null
        ? MISSING
        : formatMs(c.stackCpuMsPerCheckout) +
          (c.stackOverTransports === null
            ? ''
            : `, ${formatNumber(c.stackOverTransports)}× the transports'`),
    ...(baseline ? { vsBaseline: versus(baseline) } : {}),
    target: c.target,
  };
}

/** A repeated variant's median row: its median ceiling, the spread, and the ratio the target is judged on. */
function medianRow(summary: CapacitySummary, runs: readonly VariantResult[]): CapacityRow {
  const { ceilings, rampStart, machineBound } = summary;
  const below = ceilings.median === 0 && rampStart !== null;
  const capacity = runs.find((r) => r.capacity)?.capacity;
  const hop = capacity?.transportBound?.rate;
  const rate = (v: number) =>
    v === 0 && rampStart !== null ? `< ${formatRate(rampStart)}` : formatRate(v);
  return {
    label: `${variantName(runs[0]!)}: median of ${ceilings.values.length}`,
    ceiling: rate(ceilings.median),
    why: `repeats ${ceilings.values.map(rate).join(', ')}`,
    machine: machineText(capacity?.machineBound ?? null),
    machineRatio: below
      ? ratioBelow(rampStart, machineBound ?? undefined)
      : ratioText(summary.machineRatio),
    meetsTarget: summary.meetsTarget,
    bound: MISSING,
    hopRatio: below ? ratioBelow(rampStart, hop) : hop ? ratioText(ceilings.median / hop) : MISSING,
    stackCpu: MISSING,
    target: summary.target,
    median: true,
  };
}

/**
 * Each ramped run's ceiling and its ratios to what the transports allow;
 * with repeats, each variant's runs then its median row.
 */
export function capacityRows(scenario: ScenarioResult): CapacityRow[] {
  const repeated = isRepeated(scenario.variants);
  const ramped = scenario.variants.filter((r) => r.ceiling && r.capacity);
  // A run saved before there were summaries has its runs alone.
  if (!repeated || !scenario.capacity)
    return ramped.map((r) => capacityRow(r, r.capacity!, repeated));
  return scenario.capacity.flatMap((summary) => {
    const runs = ramped.filter((r) => r.variant === summary.variant);
    if (!runs.length) return [];
    return [...runs.map((r) => capacityRow(r, r.capacity!, true)), medianRow(summary, runs)];
  });
}

/** The scenario the capacity is compared with, when it repeats one; null otherwise. */
export function capacityBaseline(scenario: ScenarioResult): string | null {
  return scenario.variants.find((r) => r.capacity?.baseline)?.capacity?.baseline?.scenario ?? null;
}

/** How the capacity table is read. */
export function capacityCaption(scenario: ScenarioResult): string {
  const level = scenario.variants.find((r) => r.ceiling)?.ceiling?.acceptedP99Ms;
  const target = scenario.variants.find((r) => r.capacity)?.capacity?.target;
  return (
    `Ceiling: the highest rate answered in a second that kept the level, before the level broke ` +
    `(accepted p99 ≤ ${level === undefined ? MISSING : formatMs(level)}, no outage errors, ≥ 90 % of the offer answered, ` +
    `no more accepted orders unfinished than a second of arrivals, beyond those that wait for a charge's event by design) in two seconds in a row; a second over the level alone is listed, not counted. Transport bound: the slowest hop, ` +
    `i.e. the lowest of (raw rate of a primitive ÷ its uses per checkout) over the primitives the variant uses, ` +
    `from the transport benchmark of this run. All hops on the machine: the slowest hop assumes each hop has the machine to itself, but a stack's hops share its CPUs; ` +
    `the benchmark also measures the CPU each operation costs (this process, the peer and the brokers), so a checkout's ` +
    `transport work costs Σ uses × CPU per operation, and the CPUs allow at most CPUs ÷ that many checkouts a second, ` +
    `before the stack adds anything (its HTTP, ledger writes and logic, and the load tool's requests, share the same CPUs). ` +
    `Ratio = ceiling ÷ that machine bound; the target is ≥ ${target}, judged with repeats on each variant's median ceiling (the spread beside it). ` +
    `Ratio to the slowest hop: an earlier round's target, which a stack on this machine's CPUs may not reach at all. ` +
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
    m.p50Ms === null ? MISSING : formatMs(m.p50Ms),
    m.p99Ms === null ? MISSING : formatMs(m.p99Ms),
    m.cpuMsPerOp == null ? MISSING : formatMs(m.cpuMsPerOp),
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

/** How the transport table is read, with each variant's uses per checkout. */
export function transportCaption(transport: TransportResult): string {
  const uses = Object.entries(transport.usesPerCheckout ?? {}).map(
    ([variant, perPrimitive]) =>
      `${variant} ${PRIMITIVES.filter((p) => perPrimitive[p] !== undefined)
        .map((p) => `${perPrimitive[p]} × ${PRIMITIVE_SHORT[p]}`)
        .join(', ')}`,
  );
  return (
    'Measured in this run on the same brokers, before the scenarios: this process against a peer process whose handlers do nothing, closed loop (consume and process drain what the publish and add phases left). CPU per operation: user + system time of this process, the peer and the brokers over the measure, ÷ its operations.' +
    (uses.length ? ` Uses per checkout: ${uses.join('; ')}.` : '')
  );
}
