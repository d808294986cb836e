import { decimal, integer, oneOf, port, text, url } from './parsers.js';
import { setting } from './setting.js';

/** Ports of the webhook side: the provider, and each stack's receiver (above its replicas' ports). */
export const WEBHOOK_PORTS = { provider: 8500, async: 8290, hybrid: 8390 } as const;

export const CHARGING_MODES = ['wait', 'webhook'] as const;
export type ChargingMode = (typeof CHARGING_MODES)[number];

/**
 * Charging by webhook (the article's third pattern): the payment provider,
 * a process outside the stacks, answers a charge at once and calls the
 * shop's receiver with a signed event when it settles.
 */
export function webhookSettings() {
  return [
    setting(
      'LAB_CHARGING',
      'charging.mode',
      oneOf(CHARGING_MODES),
      'wait',
      'wait: payment waits for the card network (as in the article); webhook: the async and hybrid stacks request the charge from the payment provider and move on when its signed event arrives (sync keeps waiting)',
    ),
    setting(
      'LAB_PROVIDER_PORT',
      'provider.port',
      port,
      WEBHOOK_PORTS.provider,
      "the payment provider's HTTP port",
    ),
    setting(
      'LAB_PROVIDER_URL',
      'provider.url',
      url(['http', 'https']),
      (r) => `http://127.0.0.1:${String(r.get('provider.port'))}`,
      'where the shop reaches the payment provider',
    ),
    setting(
      'LAB_PROVIDER_STATE_FILE',
      'provider.stateFile',
      text(/.+/, 'a file path'),
      (r) => `${String(r.get('dataDir'))}/payment-provider.json`,
      "the payment provider's state (charges, deliveries not yet answered 2xx), rewritten atomically; relative to the workspace root",
    ),
    setting(
      'LAB_PROVIDER_REQUEST_TIMEOUT_MS',
      'provider.requestTimeoutMs',
      integer(10, 600_000),
      5_000,
      'longest the shop waits for one answer of the payment provider',
    ),
    setting(
      'LAB_WEBHOOK_RETRY_BASE_MS',
      'provider.retryBaseMs',
      integer(1, 3_600_000),
      500,
      'first wait before the provider delivers an event again after a failed delivery (doubles each time)',
    ),
    setting(
      'LAB_WEBHOOK_RETRY_MAX_MS',
      'provider.retryMaxMs',
      integer(1, 86_400_000),
      30_000,
      'cap of the wait between two deliveries of one event; the provider retries until a 2xx, however long',
    ),
    setting(
      'LAB_WEBHOOK_DELIVERY_TIMEOUT_MS',
      'provider.deliveryTimeoutMs',
      integer(10, 600_000),
      5_000,
      'longest the provider waits for the receiver to answer one delivery',
    ),
    setting(
      'LAB_WEBHOOK_DUPLICATE_RATE',
      'provider.duplicateRate',
      decimal(0, 1),
      0,
      'share of events the provider delivers a second time after the first 2xx (real providers may)',
    ),
    setting(
      'LAB_WEBHOOK_REORDER_RATE',
      'provider.reorderRate',
      decimal(0, 1),
      0,
      'share of events held back by LAB_WEBHOOK_REORDER_DELAY_MS, so that later events overtake them',
    ),
    setting(
      'LAB_WEBHOOK_REORDER_DELAY_MS',
      'provider.reorderDelayMs',
      integer(0, 600_000),
      1_000,
      'how long a held-back event waits (and a duplicate after its first delivery)',
    ),
    setting(
      'LAB_WEBHOOK_SECRET',
      'webhook.secret',
      text(/^.{16,}$/, 'a secret of 16 or more characters'),
      'whsec_lab_local_only_change_me',
      "the signing secret the provider and the shop's receivers share (HMAC-SHA256)",
    ),
    setting(
      'LAB_WEBHOOK_TOLERANCE_MS',
      'webhook.toleranceMs',
      integer(1_000, 86_400_000),
      300_000,
      "how far an event's signed timestamp may be from the receiver's clock; older is refused as stale",
    ),
    setting(
      'LAB_WEBHOOK_DEDUPE_TTL_MS',
      'webhook.dedupeTtlMs',
      integer(60_000, 30 * 86_400_000),
      7 * 86_400_000,
      'how long a receiver remembers an event id it applied (a duplicate within it changes nothing)',
    ),
  ] as const;
}

/** A stack's webhook receiver port (the async and hybrid stacks charge by webhook). */
export function webhookPort<S extends 'async' | 'hybrid'>(stack: S) {
  return setting(
    `LAB_${stack.toUpperCase() as Uppercase<S>}_WEBHOOK_PORT`,
    `stacks.${stack}.webhookPort`,
    port,
    WEBHOOK_PORTS[stack],
    `the ${stack} stack's webhook receiver port`,
  );
}
