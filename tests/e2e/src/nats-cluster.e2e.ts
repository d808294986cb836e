/**
 * A real 3-node NATS cluster with a stream replicated on each node (R3):
 * the leader of the stream is killed, a new one is elected, the stream
 * keeps every message and publishing goes on; the node comes back and catches up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { createLogger } from '@lab/telemetry';
import {
  connectNats,
  ensureStream,
  publishWithRetry,
  type JetStreamManager,
  type NatsConnection,
} from '@lab/transport-nats';

const STREAM = 'CLUSTER_E2E';
const BEFORE = 40;
const AFTER = 40;
/** Publishing may wait out one election (a few seconds on this machine); not a whole outage. */
const PUBLISH_DEADLINE_MS = 15_000;

let brokers: Brokers;
let nc: NatsConnection;
let jsm: JetStreamManager;

async function publish(from: number, count: number): Promise<number> {
  const js = nc.jetstream();
  let duplicates = 0;
  for (let i = from; i < from + count; i++) {
    const ack = await publishWithRetry(js, `cluster.e2e.${i}`, new TextEncoder().encode(`m${i}`), {
      msgId: `m-${i}`,
      deadlineMs: PUBLISH_DEADLINE_MS,
    });
    if (ack.duplicate) duplicates++;
  }
  return duplicates;
}

beforeAll(async () => {
  brokers = await startBrokers({ natsNodes: 3, redis: false });
  nc = await connectNats({
    urls: brokers.env.NATS_URL!.split(','),
    name: 'cluster-e2e',
    logger: createLogger('cluster-e2e', { level: 'silent' }),
  });
  jsm = await nc.jetstreamManager();
  await ensureStream(jsm, { name: STREAM, subjects: ['cluster.e2e.>'], replicas: 3 });
});

afterAll(async () => {
  await nc?.close();
  await brokers?.stop();
});

describe('a 3-node NATS cluster with an R3 stream', () => {
  it('gives every client every node and replicates streams on each', async () => {
    expect(brokers.env.NATS_URL!.split(',')).toHaveLength(3);
    expect(brokers.env.LAB_STREAM_REPLICAS).toBe('3');
    const info = await jsm.streams.info(STREAM);
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);
  });

  it('loses no message when the stream leader is killed, and publishing continues', async () => {
    expect(await publish(0, BEFORE)).toBe(0);
    const cluster = brokers.natsCluster!;
    const leader = await cluster.leader(STREAM);
    const target = brokers.faultTargets(STREAM).find((t) => t.name === 'nats-leader')!;
    await target.kill!();
    expect(leader.running).toBe(false);

    expect(await publish(BEFORE, AFTER)).toBe(0);
    const during = await jsm.streams.info(STREAM);
    expect(during.state.messages).toBe(BEFORE + AFTER);
    expect(during.cluster?.leader).not.toBe(leader.serverName);

    await target.start!();
    expect(leader.running).toBe(true);
    // The node that came back catches up from the new leader: all replicas current again.
    await waitUntil(
      async () => {
        const info = await jsm.streams.info(STREAM);
        const replicas = info.cluster?.replicas ?? [];
        return replicas.length === 2 && replicas.every((r) => r.current && !r.offline);
      },
      { timeoutMs: 15_000, what: 'the restarted node to catch up' },
    );
    const after = await jsm.streams.info(STREAM);
    expect(after.state.messages).toBe(BEFORE + AFTER);
    expect(after.state.first_seq).toBe(1);
  });
});
