import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, Outbox, createRedis } from '@lab/ledger';
import { checkoutRoute, healthRoute, orderRoutes, startEdge, redisHealth } from '@lab/http-edge';
import { AsyncCheckout, publisherFor, setupStreams } from '@lab/checkout-async';
import { connectNats, natsConnected } from '@lab/transport-nats';

const rt = bootstrap('gateway', { stacks: ['async'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config, namespace } = rt;

const nc = await connectNats({ urls: config.nats.urls, name: 'async-gateway', logger: rt.logger });
await setupStreams(await nc.jetstreamManager(), namespace);
const store = new OrderStore(rt.redis, namespace);
const ledger = new EffectsLedger(rt.redis, namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis.urls, 'worker', 'async-gateway-watch'),
  namespace,
);
const publisher = publisherFor(rt, nc.jetstream(), new Outbox(rt.redis, namespace));
publisher.startRelay();
const flow = new AsyncCheckout({ namespace, store, publisher, logger: rt.logger });

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
    healthRoute({
      redis: redisHealth(rt.redis),
      vault: redisHealth(rt.vault),
      nats: async () => (natsConnected(nc) ? true : 'disconnected'),
    }),
  ],
});
await watcher.whenReady();
rt.onShutdown(async () => {
  await edge.close(config.shutdownGraceMs);
  await publisher.stop();
  watcher.close();
  await nc.drain().catch(() => undefined);
});
rt.ready(`http://${config.host}:${edge.port}`);
