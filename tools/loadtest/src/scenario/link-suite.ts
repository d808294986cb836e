/**
 * The scenarios of faults in the network between healthy processes: the
 * stacks run with a proxy on every link (LAB_LINKS=on), and the faults act
 * there, in every variant at the same second of its run.
 */
import type { Variant } from '@lab/domain';
import type { FaultSpec, Scenario } from './types.js';

const ALL: readonly Variant[] = ['sync', 'async', 'hybrid'];

type LinkScenario = 'network-latency' | 'lost-reply' | 'partition';

const LINK_SCENARIOS: Record<
  LinkScenario,
  { readonly description: string; readonly faults: (durationS: number) => FaultSpec[] }
> = {
  'network-latency': {
    description:
      "Every link of each stack (the edge to each service, every process to NATS, Redis and the vault) delays its replies by 5 ms ± 2 ms for the middle third: what each variant's customer pays for it, against its number of sequential calls between services, and what it does to throughput and the backlog.",
    faults: (s) => [
      { kind: 'latency', target: '*', startS: s / 3, durationS: s / 3, addMs: 5, jitterMs: 2 },
    ],
  },
  'lost-reply': {
    description:
      'Every reply to payment, and every reply payment waits for from NATS, Redis and the vault, is dropped for a few seconds and its connection reset: the work was done, the caller never heard. Every charge made that way must end confirmed or refunded, never twice, never an orphan.',
    faults: (s) => [{ kind: 'lost-reply', target: 'payment', startS: s / 3, durationS: s / 5 }],
  },
  partition: {
    description:
      "Payment cut off from the rest (the edge's calls and its brokers) both ways, its connections kept open, then healed: which variant notices first, what each customer sees (deadlines of 2 s end the calls that wait), what is retried, and that nothing is lost.",
    faults: (s) => [{ kind: 'partition', target: 'payment', startS: s / 3, durationS: s / 3 }],
  },
};

/** The link scenarios of the default suite; `quick` is short and fast, for tests. */
export function linkScenarios(quick: boolean): Scenario[] {
  const d = (full: number, short: number) => (quick ? short : full);
  const links = { LAB_LINKS: 'on' };
  // Redelivery and stalled jobs come back within the run, as in the other fault scenarios.
  const recovery = {
    LAB_ACK_WAIT_MS: d(3000, 1000),
    LAB_JOB_LOCK_MS: d(3000, 1000),
    LAB_JOB_STALLED_INTERVAL_MS: d(1000, 500),
  };
  const base = {
    // Customers arrive independently; at 10/s nothing queues, so a link's own delay shows as it is.
    arrivals: { process: 'poisson' } as const,
    mix: {},
    variants: ALL,
    timeScale: quick ? 0.05 : 0.25,
    thresholds: [],
    drainTimeoutS: d(30, 15),
    // Behaviour at a few orders a second: the variants run at once, each on brokers of its own.
    together: !quick,
  };
  return [
    {
      ...base,
      name: 'network-latency',
      description: LINK_SCENARIOS['network-latency'].description,
      // Long enough before the fault and in it for a median of each: the seed profile, without jitter of its own.
      workload: { mode: 'open', rate: 10, durationS: d(15, 9), warmupS: 2 },
      profile: 'seed',
      settings: links,
      faults: LINK_SCENARIOS['network-latency'].faults(d(15, 9)),
    },
    {
      ...base,
      name: 'lost-reply',
      description: LINK_SCENARIOS['lost-reply'].description,
      workload: { mode: 'open', rate: 10, durationS: d(15, 5), warmupS: d(2, 1) },
      profile: 'lognormal',
      settings: { ...links, ...recovery },
      faults: LINK_SCENARIOS['lost-reply'].faults(d(15, 5)),
    },
    {
      ...base,
      name: 'partition',
      description: LINK_SCENARIOS.partition.description,
      workload: { mode: 'open', rate: 10, durationS: d(30, 5), warmupS: d(2, 1) },
      profile: 'lognormal',
      settings: { ...links, ...recovery, LAB_GRPC_DEADLINE_MS: d(2000, 1000) },
      faults: LINK_SCENARIOS.partition.faults(d(30, 5)),
    },
  ];
}
