import type { Brokers } from '@lab/brokers';
/**
 * What a run cost the machine: CPU seconds and peak memory of every process
 * involved (the stack's services, the brokers, the load tool itself), read
 * from /proc, so that variants can be compared per 1,000 confirmed orders.
 */
import { readFileSync } from 'node:fs';
import type { ProcessCost, RunCost } from '../result/index.js';

export interface WatchedProcess {
  readonly name: string;
  readonly role: ProcessCost['role'];
  readonly pid: number | undefined;
}

/** Linux reports CPU time in clock ticks; 100 per second on every common kernel. */
const TICKS_PER_SECOND = 100;

interface Sample {
  readonly cpuS: number;
  readonly peakRssMiB: number;
}

/** CPU time (user + system) and peak resident memory of a live process, or null. */
export function readProcess(pid: number): Sample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return {
      cpuS: ticks / TICKS_PER_SECOND,
      peakRssMiB: hwm ? Number(hwm[1]) / 1024 : 0,
    };
  } catch {
    return null;
  }
}

/**
 * Samples every process at the start and at the end of a variant's run. A
 * process that was restarted meanwhile (a crash fault) counts from its new
 * start; one that is gone counts as nothing.
 */
export class CostMeter {
  private readonly before = new Map<string, { pid: number; cpuS: number }>();
  private readonly toolCpu = process.cpuUsage();

  constructor(
    private readonly processes: () => readonly WatchedProcess[],
    /** Variants the tool drives at once: each is charged its share of the tool's CPU. */
    private readonly toolShare = 1,
  ) {
    for (const p of processes()) {
      const s = p.pid ? readProcess(p.pid) : null;
      if (s && p.pid) this.before.set(p.name, { pid: p.pid, cpuS: s.cpuS });
    }
  }

  /** Samples the end of the run; the result needs the confirmed count, known after reconciling. */
  end(): (confirmed: number) => RunCost {
    const rows: ProcessCost[] = [];
    for (const p of this.processes()) {
      const s = p.pid ? readProcess(p.pid) : null;
      if (!s) continue;
      const start = this.before.get(p.name);
      const cpuS = start && start.pid === p.pid ? s.cpuS - start.cpuS : s.cpuS;
      rows.push({ name: p.name, role: p.role, cpuS, peakRssMiB: s.peakRssMiB });
    }
    const tool = process.cpuUsage(this.toolCpu);
    rows.push({
      name: 'loadtest',
      role: 'tool',
      cpuS: (tool.user + tool.system) / 1e6 / this.toolShare,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    });
    return (confirmed) => costOf(rows, confirmed);
  }
}

function costOf(rows: readonly ProcessCost[], confirmed: number): RunCost {
  const sum = (role: ProcessCost['role']) =>
    rows.filter((r) => r.role === role).reduce((a, r) => a + r.cpuS, 0);
  const per1000 = (cpu: number) => (confirmed > 0 ? (cpu / confirmed) * 1000 : null);
  return {
    processes: rows,
    confirmed,
    cpuSPer1000: {
      services: per1000(sum('service')),
      brokers: per1000(sum('broker')),
      tool: per1000(sum('tool')),
      total: per1000(sum('service') + sum('broker')),
    },
    peakRssMiB: {
      services: rows.filter((r) => r.role === 'service').reduce((a, r) => a + r.peakRssMiB, 0),
      brokers: rows.filter((r) => r.role === 'broker').reduce((a, r) => a + r.peakRssMiB, 0),
    },
  };
}

/** A stack's apps and the brokers it runs on: the processes a run is costed over. */
export function stackProcesses(
  stack: {
    readonly apps: ReadonlyMap<string, { readonly name: string; readonly pid: number | undefined }>;
  },
  brokers: Pick<Brokers, 'nats' | 'redis'>,
): WatchedProcess[] {
  return [
    ...[...stack.apps.values()].map((a) => ({
      name: a.name,
      role: 'service' as const,
      pid: a.pid,
    })),
    ...[brokers.nats, brokers.redis].flatMap((b) =>
      b ? [{ name: b.kind, role: 'broker' as const, pid: b.pid }] : [],
    ),
  ];
}
