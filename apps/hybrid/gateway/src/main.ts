import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, Outbox, createRedis } from '@lab/ledger';
import {
  Bulkhead,
  checkoutRoute,
  errorBody,
  healthRoute,
  httpStatusOf,
  orderRoutes,
  startEdge,
  redisHealth,
} from '@lab/http-edge';
import {
  CriticalPath,
  closeClients,
  createClients,
  grpcHealth,
  startSettlement,
  type Progress,
} from '@lab/checkout-sync';
import { publisherFor, outboxEvent, setupStreams, snapshotOf } from '@lab/checkout-async';
import { connectNats, natsConnected } from '@lab/transport-nats';

/**
 * The article's smart solution: the critical path (validate, check, reserve,
 * charge) over gRPC to the sync stack's payment and inventory code, the
 * answer after the charge, then email, analytics and warehouse as an event
 * that the async stack's workers handle.
 */
const rt = bootstrap('gateway', { stacks: ['hybrid'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config, namespace } = rt;
const stack = config.stacks.hybrid;
// The edge holds a request for the whole critical path, like the sync edge: same pool.
const pool = config.stacks.sync;

const nc = await connectNats({ urls: config.nats.urls, name: 'hybrid-gateway', logger: rt.logger });
await setupStreams(await nc.jetstreamManager(), namespace);
const store = new OrderStore(rt.redis, namespace);
const ledger = new EffectsLedger(rt.redis, namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis.urls, 'worker', 'hybrid-gateway-watch'),
  namespace,
);
const publisher = publisherFor(rt, nc.jetstream(), new Outbox(rt.redis, namespace));
publisher.startRelay();
const clients = createClients(config, stack.services);
const critical = new CriticalPath(clients, store, rt.logger);
const settlement = startSettlement({
  store,
  compensate: (orderId, reason) => critical.compensateAll(orderId, reason),
  unrecordedFailure: (orderId) => critical.takeUnrecordedFailure(orderId),
  settings: config.settlement,
  logger: rt.logger,
});
const bulkhead = new Bulkhead({
  maxInFlight: pool.maxInFlight,
  maxQueued: pool.maxQueued,
  queueTimeoutMs: pool.queueTimeoutMs,
});

const edge = await startEdge({
  host: config.host,
  port: stack.gatewayPort,
  logger: rt.logger,
  registry: rt.registry,
  limits: config.http,
  routes: [
    checkoutRoute({
      variant: 'hybrid',
      catalog: createCatalog({
        size: config.simulation.catalogSize,
        initialStock: config.simulation.initialStock,
      }),
      store,
      vault: rt.vault,
      watcher,
      bulkhead,
      answersAt: (status) => status === 'confirmed' || status === 'failed',
      replayWaitMs: config.grpc.deadlineMs * 4,
      lease: settlement.lease,
      run: async (order, _created, _event, cardStored) => {
        const progress: Progress = { reserveAttempted: false, chargeAttempted: false };
        try {
          await cardStored;
          await critical.run(order, progress);
        } catch (error) {
          const cause = await critical.fail(order.orderId, progress, error);
          return { status: httpStatusOf(cause), body: errorBody(cause, order.orderId) };
        }
        // Confirmed and its event in one write: the background work cannot be lost.
        const announce = outboxEvent(
          namespace,
          'confirmed',
          snapshotOf(order),
          progress.chargeId ? { chargeId: progress.chargeId } : {},
        );
        let confirmed;
        try {
          confirmed = await critical.advance(order.orderId, 'confirmed', announce);
        } catch (error) {
          const cause = await critical.fail(order.orderId, progress, error);
          return { status: httpStatusOf(cause), body: errorBody(cause, order.orderId) };
        }
        publisher.publishSoon(confirmed.outboxEntry, announce);
        return { status: 200, body: { orderId: order.orderId, status: 'confirmed' } };
      },
    }),
    ...orderRoutes({ store, ledger, watcher }),
    healthRoute({
      redis: redisHealth(rt.redis),
      vault: redisHealth(rt.vault),
      nats: async () => (natsConnected(nc) ? true : 'disconnected'),
      ...grpcHealth(clients),
    }),
  ],
});
await watcher.whenReady();
rt.onShutdown(async () => {
  await edge.close(config.shutdownGraceMs);
  await settlement.stop();
  await publisher.stop();
  closeClients(clients);
  watcher.close();
  await nc.drain().catch(() => undefined);
});
rt.ready(`http://${config.host}:${edge.port}`);
