import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, createRedis, redisHealth } from '@lab/ledger';
import {
  Bulkhead,
  checkoutRoute,
  exposePool,
  healthRoute,
  orderRoutes,
  startEdge,
} from '@lab/http-edge';
import { SyncCheckout, closeClients, createClients, grpcHealth } from '@lab/checkout-sync';

const rt = bootstrap('gateway', { stacks: ['sync'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config } = rt;
const stack = config.stacks.sync;

const store = new OrderStore(rt.redis, rt.namespace);
const ledger = new EffectsLedger(rt.redis, rt.namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis, 'worker', 'sync-gateway-watch'),
  rt.namespace,
);
const clients = createClients(config, stack.services);
const flow = new SyncCheckout({ clients, store, logger: rt.logger, config });
const bulkhead = new Bulkhead({
  maxInFlight: stack.maxInFlight,
  maxQueued: stack.maxQueued,
  queueTimeoutMs: stack.queueTimeoutMs,
});
exposePool(rt.registry, bulkhead);

const edge = await startEdge({
  host: config.host,
  port: stack.gatewayPort,
  logger: rt.logger,
  registry: rt.registry,
  limits: config.http,
  routes: [
    checkoutRoute({
      flow,
      catalog: createCatalog({
        size: config.simulation.catalogSize,
        initialStock: config.simulation.initialStock,
      }),
      store,
      vault: rt.vault,
      watcher,
      bulkhead,
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
  await flow.close();
  closeClients(clients);
  watcher.close();
});
rt.ready(`http://${config.host}:${edge.port}`);
