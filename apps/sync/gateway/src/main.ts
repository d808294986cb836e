import { createCatalog, isTerminal } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, createRedis } from '@lab/ledger';
import {
  Bulkhead,
  checkoutRoute,
  healthRoute,
  orderRoutes,
  startEdge,
  redisHealth,
} from '@lab/http-edge';
import {
  SyncCheckout,
  closeClients,
  createClients,
  grpcHealth,
  startSettlement,
} from '@lab/checkout-sync';

const rt = bootstrap('gateway', { stacks: ['sync'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config } = rt;
const stack = config.stacks.sync;

const store = new OrderStore(rt.redis, rt.namespace);
const ledger = new EffectsLedger(rt.redis, rt.namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis.urls, 'worker', 'sync-gateway-watch'),
  rt.namespace,
);
const clients = createClients(config, stack.services);
const checkout = new SyncCheckout(clients, store, rt.logger);
const settlement = startSettlement({
  store,
  compensate: (orderId, reason) => checkout.compensateAll(orderId, reason),
  unrecordedFailure: (orderId) => checkout.takeUnrecordedFailure(orderId),
  settings: config.settlement,
  logger: rt.logger,
});
const bulkhead = new Bulkhead({
  maxInFlight: stack.maxInFlight,
  maxQueued: stack.maxQueued,
  queueTimeoutMs: stack.queueTimeoutMs,
});
rt.registry.gauge(
  'lab_pool_in_flight',
  'Checkouts holding a slot of the pool.',
  [],
  () => bulkhead.inFlight,
);
rt.registry.gauge('lab_pool_queued', 'Checkouts waiting for a slot.', [], () => bulkhead.queued);
rt.registry.counter(
  'lab_pool_rejected_total',
  'Checkouts refused with 503.',
  [],
  () => bulkhead.rejected,
);

const edge = await startEdge({
  host: config.host,
  port: stack.gatewayPort,
  logger: rt.logger,
  registry: rt.registry,
  limits: config.http,
  routes: [
    checkoutRoute({
      variant: 'sync',
      catalog: createCatalog({
        size: config.simulation.catalogSize,
        initialStock: config.simulation.initialStock,
      }),
      store,
      vault: rt.vault,
      watcher,
      bulkhead,
      answersAt: isTerminal,
      replayWaitMs: config.grpc.deadlineMs * 8,
      lease: settlement.lease,
      run: (order, _created, _event, cardStored) => checkout.run(order, cardStored),
    }),
    ...orderRoutes({ store, ledger, watcher }),
    healthRoute({
      redis: redisHealth(rt.redis),
      vault: redisHealth(rt.vault),
      ...grpcHealth(clients),
    }),
  ],
});
await watcher.whenReady();
rt.onShutdown(async () => {
  await edge.close(config.shutdownGraceMs);
  await settlement.stop();
  closeClients(clients);
  watcher.close();
});
rt.ready(`http://${config.host}:${edge.port}`);
