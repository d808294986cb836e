import { WEBHOOK_PATH } from '@lab/contracts';
import { EffectsLedger, OrderStore, Outbox } from '@lab/ledger';
import type { Runtime } from '@lab/runtime';
import { ProviderClient } from '@lab/services';
import { connectGatewayEvents } from './gateway-events.js';
import { WebhookReceiver } from './webhook-receiver.js';

/** A stack's webhook receiver with what it runs on. */
export interface WebhookWiring {
  readonly receiver: WebhookReceiver;
  /** Redis, NATS and the registration at the provider, as health checks. */
  readonly health: Readonly<Record<string, () => Promise<true | string>>>;
  /** Stops registering, then stops the relay and drains NATS. */
  close(): Promise<void>;
}

/**
 * The receiver of the stack `rt` serves (async or hybrid): its order store,
 * ledger and outbox in the stack's Redis, a way out to JetStream for the
 * events it writes, and its URL registered at the provider (retried until
 * the provider takes it: the provider may start later).
 */
export async function connectWebhookReceiver(
  rt: Pick<Runtime, 'config' | 'namespace' | 'logger' | 'registry' | 'redis' | 'stack'>,
): Promise<WebhookWiring> {
  const { config, namespace, logger, redis } = rt;
  if (rt.stack === 'sync') throw new Error('the sync stack waits on its charges: no webhook');
  const stack = rt.stack;
  const events = await connectGatewayEvents(rt, `${stack}-webhook`);
  const provider = new ProviderClient({
    url: config.provider.url,
    account: namespace,
    requestTimeoutMs: config.provider.requestTimeoutMs,
  });
  const receiver = new WebhookReceiver(
    redis,
    {
      namespace,
      stack,
      store: new OrderStore(redis, namespace),
      ledger: new EffectsLedger(redis, namespace),
      outbox: new Outbox(redis, namespace),
      publisher: events.publisher,
      provider,
      logger,
    },
    config.webhook,
  );
  const url = `http://${config.host}:${String(config.stacks[stack].webhookPort)}${WEBHOOK_PATH}`;
  let registered: true | string = 'not yet registered at the payment provider';
  let timer: NodeJS.Timeout | undefined;
  const register = async () => {
    try {
      await provider.register(url);
      registered = true;
      logger.info('webhook registered at the payment provider', { url });
    } catch (error) {
      registered = `payment provider: ${(error as Error).message}`;
      timer = setTimeout(() => void register(), config.provider.retryBaseMs);
    }
  };
  await register();
  return {
    receiver,
    health: {
      redis: async () => ((await redis.ping()) === 'PONG' ? true : 'no PONG'),
      nats: events.nats,
      provider: async () => registered,
    },
    close: async () => {
      clearTimeout(timer);
      await events.close();
    },
  };
}
