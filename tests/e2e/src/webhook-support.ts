import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startBrokers } from '@lab/brokers';
import { loadConfig } from '@lab/config';
import { signWebhook, type WebhookEvent } from '@lab/contracts';
import { startPaymentProvider, startStack, type RunningProvider } from '@lab/launcher';
import { EffectsLedger, OrderStore, StockStore } from '@lab/ledger';
import type { Lab } from './support.js';

/** The lab's default signing secret, as the provider and the receivers read it. */
export const SECRET = loadConfig({}).webhook.secret;

/** Fast retries, so an outage of a few seconds drains in well under a second after it. */
export const FAST_DELIVERY = {
  LAB_WEBHOOK_RETRY_BASE_MS: 50,
  LAB_WEBHOOK_RETRY_MAX_MS: 250,
  LAB_WEBHOOK_REORDER_DELAY_MS: 100,
};

export interface WebhookLab extends Lab {
  provider: RunningProvider;
  /** The receiver's URL (POST). */
  readonly receiverUrl: string;
}

/** Brokers, the payment provider and one stack charging by webhook, fast (timeScale 0.01). */
export async function startWebhookLab(
  kind: 'async' | 'hybrid',
  settings: Record<string, string | number> = {},
): Promise<WebhookLab> {
  const brokers = await startBrokers();
  const shared = { LAB_TIME_SCALE: 0.01, ...FAST_DELIVERY, ...settings };
  const stateFile = join(mkdtempSync(join(tmpdir(), 'lab-provider-')), 'state.json');
  let provider: RunningProvider | undefined;
  try {
    provider = await startPaymentProvider({ settings: shared, stateFile });
    const stack = await startStack(kind, {
      env: { ...brokers.env, ...provider.env },
      settings: { ...shared, LAB_CHARGING: 'webhook' },
    });
    const redis = new Redis(brokers.redis!.url);
    redis.on('error', () => undefined);
    const port = stack.env[`LAB_${kind.toUpperCase()}_WEBHOOK_PORT`]!;
    const lab: WebhookLab = {
      brokers,
      stack,
      redis,
      provider,
      receiverUrl: `http://127.0.0.1:${port}/webhooks/payment`,
      store: new OrderStore(redis, kind),
      ledger: new EffectsLedger(redis, kind),
      stock: new StockStore(redis, kind),
      stop: async () => {
        await stack.stop();
        await lab.provider.stop();
        redis.disconnect();
        await brokers.stop();
      },
    };
    return lab;
  } catch (error) {
    await provider?.stop();
    await brokers.stop();
    throw error;
  }
}

/** Delivers `event` to the receiver as the provider would, or with the header given. */
export async function deliver(
  lab: WebhookLab,
  event: WebhookEvent,
  signature?: string,
): Promise<{ status: number; signature: string }> {
  const body = JSON.stringify(event);
  const header = signature ?? signWebhook(SECRET, body, Date.now());
  const res = await fetch(lab.receiverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'lab-signature': header },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, signature: header };
}

/** The provider's delivery counts. */
export async function providerStats(
  lab: WebhookLab,
): Promise<{ delivered: number; failedAttempts: number; pendingDeliveries: number }> {
  return (await (await fetch(`${lab.provider.url}/v1/stats`)).json()) as never;
}
