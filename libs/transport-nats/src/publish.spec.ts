import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AckPolicy,
  DeliverPolicy,
  ErrorCode,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
} from 'nats';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { createLogger } from '@lab/telemetry';
import { connectNats, natsConnected } from './connection.js';
import { publishAcked, publishWithRetry } from './publish.js';
import { ensureConsumer, ensureStream } from './streams.js';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';

const logger = createLogger('transport-nats-spec', { level: 'silent' });
const bytes = (text: string) => new TextEncoder().encode(text);

let brokers: Brokers;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  brokers = await startBrokers({ redis: false });
  nc = await connectNats({ urls: [brokers.nats!.url], name: 'publish-spec', logger });
  js = nc.jetstream();
  jsm = await nc.jetstreamManager();
});

afterAll(async () => {
  await nc?.close();
  await brokers?.stop();
});

describe('connectNats', () => {
  it('builds the Cancelled error nats.js makes per settled request without a stack, and no other', async () => {
    // connectNats ran in beforeAll; a request settles and nats.js "cancels" it.
    await js.publish('idem.cancelled', bytes('x')).catch(() => undefined);
    const cancelled = NatsError.errorForCode(ErrorCode.Cancelled);
    expect(cancelled).toBeInstanceOf(NatsError);
    expect(cancelled.code).toBe(ErrorCode.Cancelled);
    expect(cancelled.message).toBe('CANCELLED');
    expect(cancelled.stack?.split('\n')).toHaveLength(1);
    const timeout = NatsError.errorForCode(ErrorCode.Timeout);
    expect(timeout.stack?.split('\n').length).toBeGreaterThan(1);
    const chained = NatsError.errorForCode(ErrorCode.Cancelled, new Error('closed'));
    expect(chained.stack?.split('\n').length).toBeGreaterThan(1);
    // The stack limit is restored for everything else.
    expect(new Error('x').stack?.split('\n').length).toBeGreaterThan(1);
  });
});

describe('streams and consumers', () => {
  it('ensureStream and ensureConsumer are idempotent and apply their settings', async () => {
    const stream = { name: 'IDEM', subjects: ['idem.>'], duplicateWindowMs: 60_000 };
    await ensureStream(jsm, stream);
    await ensureStream(jsm, stream);
    const info = await jsm.streams.info('IDEM');
    expect(info.config).toMatchObject({
      subjects: ['idem.>'],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(60_000),
    });

    // A changed spec is applied to the existing stream.
    await ensureStream(jsm, { ...stream, duplicateWindowMs: 30_000 });
    expect((await jsm.streams.info('IDEM')).config.duplicate_window).toBe(nanos(30_000));

    const consumer = {
      stream: 'IDEM',
      durable: 'idem-worker',
      filterSubject: 'idem.orders',
      ackWaitMs: 4000,
      maxDeliver: 4,
      maxAckPending: 50,
    };
    await ensureConsumer(jsm, consumer);
    await ensureConsumer(jsm, consumer);
    const ci = await jsm.consumers.info('IDEM', 'idem-worker');
    expect(ci.config).toMatchObject({
      durable_name: 'idem-worker',
      filter_subject: 'idem.orders',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(4000),
      max_deliver: 4,
      max_ack_pending: 50,
    });

    await ensureConsumer(jsm, { ...consumer, ackWaitMs: 6000, maxDeliver: 6 });
    const updated = await jsm.consumers.info('IDEM', 'idem-worker');
    expect(updated.config).toMatchObject({ ack_wait: nanos(6000), max_deliver: 6 });
    const names: string[] = [];
    for await (const c of jsm.consumers.list('IDEM')) names.push(c.name);
    expect(names).toEqual(['idem-worker']);
  });
});

describe('publishAcked', () => {
  it('stores one copy of a message id published twice', async () => {
    await ensureStream(jsm, { name: 'DEDUPE', subjects: ['dedupe.>'] });
    const first = await publishAcked(js, 'dedupe.a', bytes('one'), { msgId: 'order-1' });
    const second = await publishAcked(js, 'dedupe.a', bytes('one again'), { msgId: 'order-1' });
    expect(first).toEqual({ duplicate: false, seq: 1 });
    expect(second).toEqual({ duplicate: true, seq: 1 });
    expect((await jsm.streams.info('DEDUPE')).state.messages).toBe(1);
    const stored = await jsm.streams.getMessage('DEDUPE', { seq: 1 });
    expect(new TextDecoder().decode(stored.data)).toBe('one');
  });

  it('passes headers and rejects when no stream takes the subject', async () => {
    await ensureStream(jsm, { name: 'HEADERS', subjects: ['headers.>'] });
    await publishAcked(js, 'headers.a', bytes('x'), {
      msgId: 'h-1',
      headers: { 'Lab-Trace': 'abc' },
    });
    const stored = await jsm.streams.getMessage('HEADERS', { seq: 1 });
    expect(stored.header.get('Lab-Trace')).toBe('abc');
    expect(stored.header.get('Nats-Msg-Id')).toBe('h-1');
    await expect(
      publishAcked(js, 'nowhere.a', bytes('x'), { msgId: 'n-1', timeoutMs: 500 }),
    ).rejects.toThrow();
  });
});

describe('publishWithRetry', () => {
  it('outlasts a stopped server and stores exactly one copy', async () => {
    await ensureStream(jsm, { name: 'OUTAGE', subjects: ['outage.>'] });
    const nats = brokers.nats!;
    await nats.stop();
    await waitUntil(async () => !natsConnected(nc), { timeoutMs: 5000, what: 'client sees loss' });

    const failures: unknown[] = [];
    let started: Promise<unknown> | undefined;
    const result = await publishWithRetry(js, 'outage.a', bytes('survivor'), {
      msgId: 'outage-1',
      timeoutMs: 500,
      deadlineMs: 20_000,
      onRetry: (error) => {
        failures.push(error);
        // Bring the server back only once an attempt has failed against the outage.
        started ??= nats.start();
      },
    });
    await started;

    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(result.seq).toBe(1);
    expect(natsConnected(nc)).toBe(true);
    const info = await jsm.streams.info('OUTAGE');
    expect(info.state.messages).toBe(1);
    expect(info.state.last_seq).toBe(1);
  });

  it('throws the last error once the deadline passes', async () => {
    const started = Date.now();
    let retries = 0;
    await expect(
      publishWithRetry(js, 'nowhere.b', bytes('x'), {
        msgId: 'n-2',
        timeoutMs: 200,
        deadlineMs: 1000,
        backoffMs: 50,
        onRetry: () => retries++,
      }),
    ).rejects.toThrow();
    const took = Date.now() - started;
    expect(retries).toBeGreaterThanOrEqual(2);
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(2500);
  });
});
