import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, createRedis, redisHealth } from '@lab/ledger';
import { Bulkhead, checkoutRoute, healthRoute, orderRoutes, startEdge } from '@lab/http-edge';
import { connectHybrid } from '@lab/checkout-hybrid';

const rt = bootstrap('gateway', { stacks: ['hybrid'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config, namespace } = rt;
// The edge holds a request for the whole critical path, like the sync edge: same pool.
const pool = config.stacks.sync;

const store = new OrderStore(rt.redis, namespace);
const ledger = new EffectsLedger(rt.redis, namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis, 'worker', 'hybrid-gateway-watch'),
  namespace,
);
const hybrid = await connectHybrid(rt, store);
const bulkhead = new Bulkhead({
  maxInFlight: pool.maxInFlight,
  maxQueued: pool.maxQueued,
  queueTimeoutMs: pool.queueTimeoutMs,
});

const edge = await startEdge({
  host: config.host,
  port: config.stacks.hybrid.gatewayPort,
  logger: rt.logger,
  registry: rt.registry,
  limits: config.http,
  routes: [
    checkoutRoute({
      flow: hybrid.flow,
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
    healthRoute({ redis: redisHealth(rt.redis), vault: redisHealth(rt.vault), ...hybrid.health }),
  ],
});
await watcher.whenReady();
rt.onShutdown(async () => {
  await edge.close(config.shutdownGraceMs);
  await hybrid.close();
  watcher.close();
});
rt.ready(`http://${config.host}:${edge.port}`);
