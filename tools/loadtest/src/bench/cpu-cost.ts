/**
 * What a load generator spends per answered request, from this process's CPU
 * (process.cpuUsage(): every thread of the process, a worker's included).
 */

const US_PER_MS = 1000;

/** CPU (user + system) this process spent since `from`, in ms. */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / US_PER_MS;
}

export interface CpuCost {
  /** CPU per answered request, ms; null when nothing was answered. */
  readonly msPerRequest: number | null;
  /** CPU over wall time: the share of one core the generator kept busy. */
  readonly coreShare: number;
}

/** The cost of `answered` requests that took `cpuMs` of CPU over `wallMs`. */
export function cpuCost(cpuMs: number, answered: number, wallMs: number): CpuCost {
  return {
    msPerRequest: answered > 0 ? cpuMs / answered : null,
    coreShare: wallMs > 0 ? cpuMs / wallMs : 0,
  };
}

/** One measured stretch of a generator: its CPU, its answers and how long it ran. */
export interface CpuSample {
  readonly cpuMs: number;
  readonly answered: number;
  readonly wallMs: number;
}

/**
 * Alternated rounds of one generator pooled: the CPU of every round over the
 * answers of every round, so a short round weighs what it answered.
 */
export function pooledCost(samples: readonly CpuSample[]): CpuCost {
  const sum = (pick: (s: CpuSample) => number) => samples.reduce((a, s) => a + pick(s), 0);
  return cpuCost(
    sum((s) => s.cpuMs),
    sum((s) => s.answered),
    sum((s) => s.wallMs),
  );
}

/** `ours ÷ theirs` of CPU per request; null when either answered nothing. */
export function costRatio(ours: CpuCost, theirs: CpuCost): number | null {
  if (ours.msPerRequest === null || theirs.msPerRequest === null || theirs.msPerRequest === 0)
    return null;
  return ours.msPerRequest / theirs.msPerRequest;
}
