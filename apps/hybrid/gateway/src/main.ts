import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, Outbox, createRedis } from '@lab/ledger';
import {
  Bulkhead,
  checkoutRoute,
  healthRoute,
  orderRoutes,
  startEdge,
  redisHealth,
} from '@lab/http-edge';
import { closeClients, createClients, grpcHealth } from '@lab/checkout-sync';
import { publisherFor, setupStreams } from '@lab/checkout-async';
import { HybridCheckout } from '@lab/checkout-hybrid';
import { connectNats, natsConnected } from '@lab/transport-nats';

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
const flow = new HybridCheckout({
  namespace,
  clients,
  store,
  publisher,
  logger: rt.logger,
  config,
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
      nats: async () => (natsConnected(nc) ? true : 'disconnected'),
      ...grpcHealth(clients),
    }),
  ],
});
await watcher.whenReady();
rt.onShutdown(async () => {
  await edge.close(config.shutdownGraceMs);
  await flow.close();
  await publisher.stop();
  closeClients(clients);
  watcher.close();
  await nc.drain().catch(() => undefined);
});
rt.ready(`http://${config.host}:${edge.port}`);
