/**
 * The scenarios of brokers run as production runs them: a 3-node NATS
 * cluster losing its stream leader (beside broker-outage's single node),
 * and Redis behind Sentinel failing over, once as is and once with the
 * writes that must survive waiting for a replica (LAB_REDIS_WAIT_MS).
 */
import type { Variant } from '@lab/domain';
import type { Scenario } from './types.js';

/** Only the variants that use the brokers the scenario takes down. */
const MESSAGING: readonly Variant[] = ['async', 'hybrid'];
const ALL: readonly Variant[] = ['sync', 'async', 'hybrid'];

/** The narrowing pass's WAIT timeout: long enough for a live replica on one machine, short beside an accept. */
const WAIT_MS = 100;

export const FAILOVER_LOSS_CAUSE =
  'Redis replication is asynchronous: writes the primary acknowledged before it was killed and had not yet sent to its replica are missing on the replica Sentinel promoted';

/** The broker scenarios of the default suite; `quick` is short and fast, for tests. */
export function brokerScenarios(quick: boolean): Scenario[] {
  const d = (full: number, short: number) => (quick ? short : full);
  const durationS = d(15, 6);
  const common = {
    workload: { mode: 'open', rate: 10, durationS, warmupS: d(2, 1) },
    arrivals: { process: 'poisson' },
    mix: { declined: 0.05, outOfStock: 0.02 },
    profile: 'lognormal',
    timeScale: quick ? 0.05 : 0.25,
    // Redelivered messages and stalled jobs come back within the run.
    settings: {
      LAB_ACK_WAIT_MS: d(3000, 1000),
      LAB_JOB_LOCK_MS: d(3000, 1000),
      LAB_JOB_STALLED_INTERVAL_MS: d(1000, 500),
    },
    thresholds: [],
    drainTimeoutS: d(30, 15),
    // Behaviour at 10 orders a second: the variants run at once, each on a cluster or Sentinel set of its own.
    together: !quick,
  } as const;
  const failover: Scenario = {
    ...common,
    name: 'redis-failover',
    description:
      "Redis behind Sentinel (a primary, a replica, three Sentinels): the primary is killed mid-run, Sentinel promotes the replica and the old primary comes back as a replica. The ledger and reconciliation say what the failover lost (orders accepted and then gone, jobs lost or run twice, effects recorded and then missing): asynchronous replication's known cost, reported as the scenario's finding.",
    variants: ALL,
    brokers: { redisMode: 'sentinel' },
    measuresLoss: FAILOVER_LOSS_CAUSE,
    faults: [
      { kind: 'crash', target: 'redis-primary', startS: durationS / 3, durationS: durationS / 3 },
    ],
  };
  return [
    {
      ...common,
      name: 'broker-node-loss',
      baseline: 'broker-outage',
      description:
        "A 3-node NATS cluster, streams replicated three times: the stream leader is killed mid-run and restarted. Beside broker-outage's single server: what the election costs the customer (errors, their window), the backlog, and that nothing is lost or applied twice.",
      variants: MESSAGING,
      brokers: { natsNodes: 3 },
      faults: [
        {
          kind: 'crash',
          target: 'nats-leader',
          startS: durationS / 4,
          durationS: d(10, durationS / 2),
        },
      ],
    },
    failover,
    {
      ...failover,
      name: 'redis-failover-wait',
      baseline: 'redis-failover',
      description: `redis-failover again with LAB_REDIS_WAIT_MS=${WAIT_MS}: every write that must survive (an order accepted, an effect recorded, an outbox entry, a job) waits for the replica to have it (WAIT 1 ${WAIT_MS}). What it costs in accept latency, against what it saves of the loss.`,
      settings: { ...common.settings, LAB_REDIS_WAIT_MS: WAIT_MS },
    },
  ];
}
