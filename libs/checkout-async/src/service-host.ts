import { queueName, type OrderEvent, type OrderEventType } from '@lab/contracts';
import type { ServiceName } from '@lab/domain';
import { Counters, OrderStore, Outbox, redisHealth } from '@lab/ledger';
import { backgroundOperations, inventoryOperations, paymentOperations } from '@lab/services';
import type { Runtime } from '@lab/runtime';
import { createCatalog } from '@lab/domain';
import {
  connectNats,
  natsConnected,
  type ConsumeLoop,
  type DeliveryInfo,
} from '@lab/transport-nats';
import {
  JOB_OF_SERVICE,
  backgroundQueue,
  enqueueOnConfirmed,
  startBackgroundWorker,
} from './background.js';
import { consumerBacklogGauges, queueBacklogGauge } from './backlog-metrics.js';
import { setupStreams, startEventConsumer } from './consumers.js';
import { publisherFor } from './publisher.js';
import { inventorySaga, paymentSaga, type SagaContext } from './saga.js';

type Handle = (event: OrderEvent, info: DeliveryInfo & { lastDelivery: boolean }) => Promise<void>;

/**
 * Starts a health and metrics port over the checks it is given. The app
 * hands in @lab/http-edge's `healthServer`: a checkout library speaks no HTTP.
 */
export type ServeHealth = (
  port: number,
  checks: Readonly<Record<string, () => Promise<true | string>>>,
) => Promise<{ readonly port: number; close(graceMs: number): Promise<void> }>;

/**
 * Runs one async service in this process: its JetStream consumers (and, for
 * the background services, its BullMQ worker), a health and metrics port
 * (served by `serveHealth`), and a graceful stop. The service's own logic is
 * the same code the sync stack's gRPC servers call (@lab/services).
 */
export async function runAsyncService(
  rt: Runtime,
  service: ServiceName,
  serveHealth: ServeHealth,
): Promise<void> {
  const { config, namespace, logger } = rt;
  const nc = await connectNats({ urls: config.nats.urls, name: `${rt.stack}-${service}`, logger });
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  await setupStreams(jsm, namespace, config.jetstream.replicas);
  const counters = new Counters(rt.redis, namespace);
  const store = new OrderStore(rt.redis, namespace);
  const outbox = new Outbox(rt.redis, namespace);
  const publisher = publisherFor(rt, js, outbox);
  const ctx: SagaContext = { namespace, store, outbox, publisher };

  const handlers: [OrderEventType, Handle][] = [];
  const closers: (() => Promise<void>)[] = [];
  if (service === 'inventory') {
    const inventory = inventoryOperations(rt.ops);
    await inventory.stock.seed(
      createCatalog({
        size: config.simulation.catalogSize,
        initialStock: config.simulation.initialStock,
      }),
    );
    const saga = inventorySaga(ctx, inventory);
    handlers.push(['placed', saga.onPlaced], ['failed', saga.onFailed]);
    publisher.startRelay();
  } else if (service === 'payment') {
    handlers.push(['reserved', paymentSaga(ctx, paymentOperations(rt.ops)).onReserved]);
    publisher.startRelay();
  } else {
    const kind = JOB_OF_SERVICE[service]!;
    const queue = backgroundQueue(config, namespace, kind);
    queueBacklogGauge(rt.registry, {
      queue,
      name: queueName(namespace, kind),
      timeoutMs: config.metrics.collectTimeoutMs,
    });
    const worker = await startBackgroundWorker({
      config,
      namespace,
      kind,
      operations: backgroundOperations(rt.ops),
      counters,
      logger,
    });
    handlers.push(['confirmed', enqueueOnConfirmed(queue, kind)]);
    closers.push(
      () => worker.close(),
      () => queue.close(),
    );
  }

  const loops: ConsumeLoop[] = [];
  for (const [event, handle] of handlers) {
    loops.push(
      await startEventConsumer({
        js,
        jsm,
        namespace,
        service,
        event,
        config,
        counters,
        logger,
        handle,
      }),
    );
  }
  rt.registry.gauge('lab_consumer_in_flight', 'Messages being handled.', [], () =>
    loops.reduce((n, l) => n + l.inFlight, 0),
  );
  consumerBacklogGauges(rt.registry, {
    jsm,
    namespace,
    service,
    events: handlers.map(([e]) => e),
    timeoutMs: config.metrics.collectTimeoutMs,
  });

  const port = config.stacks[rt.stack === 'hybrid' ? 'hybrid' : 'async'].workerPorts as Partial<
    Record<ServiceName, number>
  >;
  const edge = await serveHealth(port[service] ?? 0, {
    redis: redisHealth(rt.redis),
    nats: async () => (natsConnected(nc) ? true : 'disconnected'),
  });

  rt.onShutdown(async () => {
    await edge.close(config.shutdownGraceMs);
    await Promise.all(loops.map((l) => l.stop(config.shutdownGraceMs)));
    for (const close of closers) await close();
    await publisher.stop();
    await nc.drain().catch(() => undefined);
  });
  rt.ready(
    `consuming ${handlers.map(([e]) => e).join(', ')}; health on ${config.host}:${edge.port}`,
  );
}
