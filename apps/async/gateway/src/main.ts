import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, createRedis, redisHealth } from '@lab/ledger';
import { checkoutRoute, healthRoute, orderRoutes, startEdge } from '@lab/http-edge';
import { AsyncCheckout, connectGatewayEvents } from '@lab/checkout-async';

const rt = bootstrap('gateway', { stacks: ['async'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config, namespace } = rt;

const events = await connectGatewayEvents(rt, 'async-gateway');
const store = new OrderStore(rt.redis, namespace);
const ledger = new EffectsLedger(rt.redis, namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis, 'worker', 'async-gateway-watch'),
  namespace,
);
const flow = new AsyncCheckout({
  namespace,
  store,
  publisher: events.publisher,
  logger: rt.logger,
});

const edge = await startEdge({
  host: config.host,
  port: config.stacks.async.gatewayPort,
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
    }),
    ...orderRoutes({ store, ledger, watcher }),
    // NATS is not needed to accept an order (the outbox holds it), only to move it on.
    healthRoute({ redis: redisHealth(rt.redis), vault: redisHealth(rt.vault), nats: events.nats }),
  ],
});
await watcher.whenReady();
rt.onShutdown(async () => {
  await edge.close(config.shutdownGraceMs);
  await events.close();
  watcher.close();
});
rt.ready(`http://${config.host}:${edge.port}`);
