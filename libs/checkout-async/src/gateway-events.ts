import { Outbox } from '@lab/ledger';
import type { Runtime } from '@lab/runtime';
import { connectNats, natsConnected } from '@lab/transport-nats';
import { setupStreams } from './consumers.js';
import { publisherFor, type EventPublisher } from './publisher.js';

/** An edge's way out to JetStream (the async and the hybrid edge each have one). */
export interface GatewayEvents {
  /** Publishes what the edge writes to its outbox; its relay is running. */
  readonly publisher: EventPublisher;
  /** NATS as a health check: true while connected, or what is wrong. */
  readonly nats: () => Promise<true | string>;
  /** Stops the relay, then drains the connection. */
  close(): Promise<void>;
}

/**
 * Connects an edge to NATS as `name`, sets up its stack's streams, and starts
 * the publisher of its outbox with the relay that sends what a publish
 * missed. Accepting an order needs none of it (the outbox holds the event).
 */
export async function connectGatewayEvents(
  rt: Pick<Runtime, 'config' | 'namespace' | 'logger' | 'registry' | 'redis'>,
  name: string,
): Promise<GatewayEvents> {
  const { config, namespace, logger } = rt;
  const nc = await connectNats({ urls: config.nats.urls, name, logger });
  await setupStreams(await nc.jetstreamManager(), namespace, config.jetstream.replicas);
  const publisher = publisherFor(rt, nc.jetstream(), new Outbox(rt.redis, namespace));
  publisher.startRelay();
  return {
    publisher,
    nats: async () => (natsConnected(nc) ? true : 'disconnected'),
    close: async () => {
      await publisher.stop();
      await nc.drain().catch(() => undefined);
    },
  };
}
