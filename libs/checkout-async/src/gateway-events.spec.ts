import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { loadConfig } from '@lab/config';
import { natsNames } from '@lab/contracts';
import { Outbox } from '@lab/ledger';
import { Registry, createLogger } from '@lab/telemetry';
import { connectNats, type NatsConnection } from '@lab/transport-nats';
import { outboxEvent, snapshotOf } from './events.js';
import { connectGatewayEvents } from './gateway-events.js';

const logger = createLogger('gateway-events', { level: 'silent' });
const namespace = 'gwevents';
let brokers: Brokers;
let redis: Redis;
let observer: NatsConnection;
beforeAll(async () => {
  brokers = await startBrokers({ vault: false });
  redis = new Redis(brokers.redis!.url);
  observer = await connectNats({ urls: [brokers.nats!.url], name: 'observer', logger });
});
afterAll(async () => {
  await observer?.close();
  redis?.disconnect();
  await brokers?.stop();
});

const runtime = () => ({
  config: loadConfig({ NATS_URL: brokers.nats!.url }, { workspaceRoot: '/' }),
  namespace,
  logger,
  registry: new Registry(),
  redis,
});

describe('connectGatewayEvents', () => {
  it('sets up the stack’s streams, publishes what the outbox holds, and reports NATS until closed', async () => {
    const events = await connectGatewayEvents(runtime(), 'gateway-events-spec');
    const names = natsNames(namespace);
    const jsm = await observer.jetstreamManager();
    expect((await jsm.streams.info(names.stream)).config.subjects).toEqual([names.streamSubjects]);
    expect(await events.nats()).toBe(true);

    const outbox = new Outbox(redis, namespace);
    const event = outboxEvent(
      namespace,
      'confirmed',
      snapshotOf({
        orderId: 'gw-1',
        variant: 'async',
        customerId: 'c',
        email: 'a@b.co',
        items: [{ sku: 'SKU-0001', quantity: 1 }],
        amountCents: 100,
      }),
    );
    events.publisher.publishSoon(await outbox.add(event), event);
    await waitUntil(async () => (await outbox.size()) === 0, {
      timeoutMs: 5_000,
      what: 'the outbox to empty',
    });
    expect((await jsm.streams.info(names.stream)).state.messages).toBe(1);

    await events.close();
    expect(await events.nats()).toBe('disconnected');
  });
});
