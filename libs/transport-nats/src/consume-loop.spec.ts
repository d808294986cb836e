import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { createLogger } from '@lab/telemetry';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { connectNats } from './connection.js';
import { startConsumeLoop } from './consume-loop.js';
import type { ConsumeLoop, ConsumeLoopOptions } from './consume-options.js';
import {
  DEAD_REASON_HEADER,
  SOURCE_SEQUENCE_HEADER,
  SOURCE_SUBJECT_HEADER,
  deadLetterPublisher,
} from './dead-letter.js';
import { publishAcked, publishWithRetry } from './publish.js';
import { consumerBacklog, ensureConsumer, ensureStream } from './streams.js';

/** Log lines, kept so a test can wait for the loop to report something; LOG=1 prints them. */
const logLines: string[] = [];
const logger = createLogger('transport-nats-spec', {
  level: 'debug',
  write: (line) => {
    logLines.push(line);
    if (process.env.LOG) process.stderr.write(line + '\n');
  },
});
/** Whether the loop of `durable` has logged `msg`. */
const logged = (msg: string, durable: string) =>
  logLines.some((line) => {
    const entry = JSON.parse(line) as { msg: string; durable?: string };
    return entry.msg === msg && entry.durable === durable;
  });
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (data: Uint8Array) => new TextDecoder().decode(data);
const WAIT = { timeoutMs: 15_000 };

let brokers: Brokers;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const loops: ConsumeLoop[] = [];

beforeAll(async () => {
  brokers = await startBrokers({ redis: false });
  nc = await connectNats({ urls: [brokers.nats!.url], name: 'consume-loop-spec', logger });
  js = nc.jetstream();
  jsm = await nc.jetstreamManager();
});

afterEach(async () => {
  await Promise.all(loops.splice(0).map((loop) => loop.stop(1000)));
});

afterAll(async () => {
  await nc?.close();
  await brokers?.stop();
});

class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

/** A stream `NAME` on `name.>`, its consumer `name-worker`, and a dead-letter stream. */
async function setup(
  name: string,
  consumer: { ackWaitMs?: number; maxDeliver?: number; serverMaxDeliver?: number } = {},
) {
  const stream = name.toUpperCase();
  await ensureStream(jsm, { name: stream, subjects: [`${name}.>`] });
  await ensureStream(jsm, { name: `${stream}_DLQ`, subjects: [`dlq.${name}.>`] });
  await ensureConsumer(jsm, {
    stream,
    durable: `${name}-worker`,
    filterSubject: `${name}.>`,
    ackWaitMs: consumer.ackWaitMs ?? 30_000,
    maxDeliver: consumer.serverMaxDeliver ?? consumer.maxDeliver ?? 5,
  });
  const deadLetters: string[] = [];
  const base = {
    js,
    stream,
    durable: `${name}-worker`,
    concurrency: 4,
    maxDeliver: consumer.maxDeliver ?? 5,
    deadLetter: deadLetterPublisher(js, (msg) => `dlq.${msg.subject}`),
    nakDelayMs: () => 50,
    onDeadLetter: (reason: string) => deadLetters.push(reason),
    logger,
  };
  const start = (options: Partial<ConsumeLoopOptions> & Pick<ConsumeLoopOptions, 'handler'>) => {
    const loop = startConsumeLoop({ ...base, ...options });
    loops.push(loop);
    return loop;
  };
  const publish = (n: number, prefix = 'm') =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        publishAcked(js, `${name}.work`, encode(`${prefix}${i}`), { msgId: `${prefix}${i}` }),
      ),
    );
  const backlog = () => consumerBacklog(jsm, stream, `${name}-worker`);
  const drained = async () => {
    const b = await backlog();
    return b.pending === 0 && b.ackPending === 0;
  };
  const dlqCount = async () => (await jsm.streams.info(`${stream}_DLQ`)).state.messages;
  return { stream, start, publish, backlog, drained, deadLetters, dlqCount };
}

describe('startConsumeLoop', () => {
  it('acks what the handler accepts, each message once', async () => {
    const t = await setup('acks');
    const seen = new Map<string, number>();
    t.start({
      handler: async (data) => void seen.set(decode(data), (seen.get(decode(data)) ?? 0) + 1),
    });
    await t.publish(50);
    await waitUntil(async () => seen.size === 50, { ...WAIT, what: '50 handled' });
    await waitUntil(t.drained, { ...WAIT, what: 'backlog drained' });
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect((await t.backlog()).redelivered).toBe(0);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    const t = await setup('bounded');
    let running = 0;
    let maxRunning = 0;
    let handled = 0;
    const loop = t.start({
      concurrency: 3,
      handler: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running, loop.inFlight);
        await sleep(100); // the work itself, slow on purpose
        running--;
        handled++;
      },
    });
    await t.publish(12);
    await waitUntil(async () => handled === 12, { ...WAIT, what: '12 handled' });
    expect(maxRunning).toBeLessThanOrEqual(3);
    expect(maxRunning).toBeGreaterThan(1);
  });

  it('retries a failing handler and acks once it succeeds', async () => {
    const t = await setup('retry', { ackWaitMs: 1000, maxDeliver: 5 });
    const deliveries: number[] = [];
    let redeliveries = 0;
    let deadLettered = 0;
    t.start({
      handler: async (_data, info) => {
        deliveries.push(info.deliveryCount);
        if (info.deliveryCount < 3) throw new Error(`flaky ${info.deliveryCount}`);
      },
      onRedelivery: () => redeliveries++,
      deadLetter: async () => void deadLettered++,
    });
    await t.publish(1);
    await waitUntil(async () => deliveries.length >= 3 && (await t.drained()), {
      ...WAIT,
      what: 'message acked on its third delivery',
    });
    expect(deliveries).toEqual([1, 2, 3]);
    expect(redeliveries).toBe(2);
    expect(deadLettered).toBe(0);
  });

  it('dead-letters a message that fails maxDeliver times and keeps going', async () => {
    const t = await setup('doomed', { ackWaitMs: 1000, maxDeliver: 3 });
    let badDeliveries = 0;
    const good: string[] = [];
    t.start({
      handler: async (data) => {
        if (decode(data) === 'bad0') {
          badDeliveries++;
          throw new Error('always broken');
        }
        good.push(decode(data));
      },
    });
    await t.publish(1, 'bad');
    await t.publish(3, 'good');
    await waitUntil(async () => (await t.dlqCount()) === 1 && good.length === 3, {
      ...WAIT,
      what: 'dead letter and good messages',
    });
    await waitUntil(t.drained, { ...WAIT, what: 'backlog drained' });

    expect(badDeliveries).toBe(3);
    expect(t.deadLetters).toEqual(['max-deliver']);
    expect(await t.dlqCount()).toBe(1);
    const dead = await jsm.streams.getMessage('DOOMED_DLQ', { seq: 1 });
    expect(decode(dead.data)).toBe('bad0');
    expect(dead.subject).toBe('dlq.doomed.work');
    expect(dead.header.get(DEAD_REASON_HEADER)).toContain('always broken');
    expect(dead.header.get(SOURCE_SUBJECT_HEADER)).toBe('doomed.work');
    expect(dead.header.get(SOURCE_SEQUENCE_HEADER)).toBe('1');
  });

  it('keeps a message whose dependency is down past maxDeliver, and acks it once it is back', async () => {
    // The server redelivers without limit; the loop's own bound spares outages.
    const t = await setup('outage', { ackWaitMs: 1000, maxDeliver: 2, serverMaxDeliver: -1 });
    const deliveries: number[] = [];
    class DependencyDown extends Error {
      override readonly name = 'DependencyDown';
    }
    t.start({
      handler: async (_data, info) => {
        deliveries.push(info.deliveryCount);
        if (info.deliveryCount < 5) throw new DependencyDown('redis is down');
      },
      isTransient: (error) => error instanceof DependencyDown,
    });
    await t.publish(1);
    await waitUntil(async () => deliveries.length >= 5 && (await t.drained()), {
      ...WAIT,
      what: 'acked on the fifth delivery',
    });
    expect(deliveries).toEqual([1, 2, 3, 4, 5]);
    expect(t.deadLetters).toEqual([]);
    expect(await t.dlqCount()).toBe(0);
  });

  it('dead-letters a poison message on its first delivery', async () => {
    const t = await setup('poison', { ackWaitMs: 1000, maxDeliver: 5 });
    let deliveries = 0;
    t.start({
      handler: async () => {
        deliveries++;
        throw new PoisonMessageError('cannot parse');
      },
      isPoison: (error) => error instanceof Error && error.name === 'PoisonMessageError',
    });
    await t.publish(1);
    await waitUntil(async () => (await t.dlqCount()) === 1, { ...WAIT, what: 'dead letter' });
    await waitUntil(t.drained, { ...WAIT, what: 'message termed' });
    expect(deliveries).toBe(1);
    expect(t.deadLetters).toEqual(['poison']);
    const dead = await jsm.streams.getMessage('POISON_DLQ', { seq: 1 });
    expect(dead.header.get(DEAD_REASON_HEADER)).toContain('PoisonMessageError: cannot parse');
  });

  it('waits in stop() for a running handler, whose message is then acked', async () => {
    const t = await setup('graceful', { ackWaitMs: 5000 });
    const events: string[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const loop = t.start({
      handler: async () => {
        events.push('handler started');
        await released;
        await sleep(300); // the rest of the work, after stop() was called
        events.push('handler done');
      },
    });
    await t.publish(1);
    await waitUntil(async () => events.length === 1, { ...WAIT, what: 'handler started' });
    const stopped = loop.stop(5000).then(() => events.push('stop returned'));
    release();
    await stopped;
    expect(events).toEqual(['handler started', 'handler done', 'stop returned']);
    expect(loop.inFlight).toBe(0);
    expect(await t.backlog()).toEqual({ pending: 0, ackPending: 0, redelivered: 0 });
  });

  it('gives up waiting after graceMs', async () => {
    const t = await setup('impatient');
    let started = false;
    const loop = t.start({
      handler: async () => {
        started = true;
        await sleep(1500); // outlives the grace period on purpose
      },
    });
    await t.publish(1);
    await waitUntil(async () => started, { ...WAIT, what: 'handler started' });
    const before = Date.now();
    await loop.stop(200);
    expect(Date.now() - before).toBeLessThan(1500);
    expect(loop.inFlight).toBe(1);
  });

  it('subscribes again once a deleted consumer is back', async () => {
    const t = await setup('recreated');
    const seen = new Set<string>();
    t.start({ handler: async (data) => void seen.add(decode(data)) });
    await t.publish(1, 'first');
    await waitUntil(async () => seen.has('first0'), { ...WAIT, what: 'handled first' });

    await jsm.consumers.delete('RECREATED', 'recreated-worker');
    await waitUntil(
      async () => logged('consume loop failed; subscribing again', 'recreated-worker'),
      {
        ...WAIT,
        what: 'the loop failing to find the consumer',
      },
    );
    await ensureConsumer(jsm, {
      stream: 'RECREATED',
      durable: 'recreated-worker',
      filterSubject: 'recreated.>',
      ackWaitMs: 30_000,
      maxDeliver: 5,
    });
    await t.publish(1, 'second');
    await waitUntil(async () => seen.has('second0'), { ...WAIT, what: 'handled second' });
  });

  // Last: it restarts the server every other test uses.
  it('resumes after a nats-server restart', async () => {
    const t = await setup('restart');
    const seen = new Set<string>();
    t.start({ handler: async (data) => void seen.add(decode(data)) });
    await t.publish(5, 'before');
    await waitUntil(async () => seen.size === 5, { ...WAIT, what: 'handled before restart' });

    await brokers.nats!.restart();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        publishWithRetry(js, 'restart.work', encode(`after${i}`), { msgId: `after${i}` }),
      ),
    );
    await waitUntil(async () => seen.size === 10, { ...WAIT, what: 'handled after restart' });
    await waitUntil(t.drained, { ...WAIT, what: 'backlog drained' });
    expect([...seen].filter((s) => s.startsWith('after')).sort()).toEqual([
      'after0',
      'after1',
      'after2',
      'after3',
      'after4',
    ]);
  });
});
