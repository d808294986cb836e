import { createCatalog } from '@lab/domain';
import { bootstrap } from '@lab/runtime';
import { EffectsLedger, OrderStore, OrderWatcher, Outbox, createRedis } from '@lab/ledger';
import { checkoutRoute, healthRoute, orderRoutes, startEdge, redisHealth } from '@lab/http-edge';
import { publisherFor, outboxEvent, setupStreams, snapshotOf } from '@lab/checkout-async';
import { connectNats, natsConnected } from '@lab/transport-nats';

const rt = bootstrap('gateway', { stacks: ['async'], redisRole: 'request-path', vault: true });
await rt.connect();
const { config, namespace } = rt;

const nc = await connectNats({ urls: config.nats.urls, name: 'async-gateway', logger: rt.logger });
await setupStreams(await nc.jetstreamManager(), namespace);
const store = new OrderStore(rt.redis, namespace);
const ledger = new EffectsLedger(rt.redis, namespace);
const outbox = new Outbox(rt.redis, namespace);
const watcher = new OrderWatcher(
  createRedis(config.redis.urls, 'worker', 'async-gateway-watch'),
  namespace,
);
const publisher = publisherFor(rt, nc.jetstream(), outbox);
publisher.startRelay();

const edge = await startEdge({
  host: config.host,
  port: config.stacks.async.gatewayPort,
  logger: rt.logger,
  registry: rt.registry,
  limits: config.http,
  routes: [
    checkoutRoute({
      variant: 'async',
      catalog: createCatalog({
        size: config.simulation.catalogSize,
        initialStock: config.simulation.initialStock,
      }),
      store,
      vault: rt.vault,
      watcher,
      // The group text: the answer does not wait for any step.
      answersAt: () => true,
      replayWaitMs: 0,
      // The order and its order.placed event are one Redis write: an accepted order is never lost.
      // The event carries the card's token, never the card: JetStream keeps it on disk.
      eventFor: (order) =>
        outboxEvent(namespace, 'placed', snapshotOf(order), { card: order.card }),
      // Accepted once the order is recorded; its event goes out once the vault holds the
      // card (payment redeems it next). A card the vault lost fails the order: settled.
      run: async (order, created, placed, cardStored) => {
        cardStored.then(
          () => placed && publisher.publishSoon(created.outboxEntry, placed),
          (error: unknown) =>
            store
              .transition(order.orderId, 'failed', {
                reason: 'dependency_unavailable',
                message: `the card vault did not keep the card: ${(error as Error).message}`,
              })
              .catch((e: unknown) =>
                rt.logger.warn('could not fail an order whose card was lost', { err: e }),
              ),
        );
        return { status: 202, body: { orderId: order.orderId, status: 'accepted' } };
      },
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
