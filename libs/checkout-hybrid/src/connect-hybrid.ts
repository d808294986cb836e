import { connectGatewayEvents } from '@lab/checkout-async';
import { closeClients, createClients, grpcHealth } from '@lab/checkout-sync';
import type { OrderStore } from '@lab/ledger';
import type { Runtime } from '@lab/runtime';
import { HybridCheckout } from './hybrid-checkout.js';

/** The hybrid's flow, connected, as its edge wires it. */
export interface HybridWiring {
  readonly flow: HybridCheckout;
  /** NATS and each gRPC service of the critical path, as health checks. */
  readonly health: Readonly<Record<string, () => Promise<true | string>>>;
  /** Stops settling, closes the gRPC clients, then stops the relay and drains NATS. */
  close(): Promise<void>;
}

/**
 * The hybrid's flow with what it runs on: gRPC clients to the hybrid stack's
 * payment and inventory (the sync stack's servers), and the edge's way out to
 * JetStream, where the async stack's workers take `confirmed`. The one place
 * that joins the two stacks.
 */
export async function connectHybrid(
  rt: Pick<Runtime, 'config' | 'namespace' | 'logger' | 'registry' | 'redis'>,
  store: OrderStore,
): Promise<HybridWiring> {
  const { config, namespace, logger } = rt;
  const events = await connectGatewayEvents(rt, 'hybrid-gateway');
  const clients = createClients(config, config.stacks.hybrid.services);
  const flow = new HybridCheckout({
    namespace,
    clients,
    store,
    publisher: events.publisher,
    logger,
    config,
  });
  return {
    flow,
    health: { nats: events.nats, ...grpcHealth(clients) },
    close: async () => {
      await flow.close();
      closeClients(clients);
      await events.close();
    },
  };
}
