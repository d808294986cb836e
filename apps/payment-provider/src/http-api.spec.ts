import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@lab/brokers';
import { verifyWebhook, type WebhookEvent } from '@lab/contracts';
import { PROFILES, TEST_CARDS, createLatencyModel } from '@lab/domain';
import { createLogger } from '@lab/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deliverer, backoffMs } from './deliveries.js';
import { createApi } from './http-api.js';
import { emptyState } from './provider-state.js';
import { PaymentProvider } from './provider.js';
import { StateFile } from './state-file.js';
import { testReceiver } from './test-receiver.js';

const SECRET = 'whsec_unit_test_secret';
const logger = createLogger('provider-test', { level: 'silent' });
let answer = 200;
const receiver = await testReceiver(() => answer);
const state = emptyState();
const file = new StateFile(join(mkdtempSync(join(tmpdir(), 'provider-')), 's.json'), () => state);
const save = () => file.save();
const deliverer = new Deliverer(
  state,
  save,
  {
    secret: SECRET,
    retryBaseMs: 20,
    retryMaxMs: 80,
    deliveryTimeoutMs: 1_000,
    duplicateRate: 0,
    reorderRate: 0,
    reorderDelayMs: 0,
    seed: 1,
  },
  logger,
);
const provider = new PaymentProvider({
  state,
  save,
  deliverer,
  latency: createLatencyModel({ profile: PROFILES.seed, timeScale: 0.01, seed: 1 }),
  declineRate: 0,
  seed: 1,
  logger,
});
const server = createApi(
  provider,
  deliverer,
  { bodyLimitBytes: 4_096, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
  logger,
);
let base = '';

const charge = (body: Record<string, unknown>, key: string | null = 'k-1') =>
  fetch(`${base}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
const valid = {
  account: 'async',
  orderId: 'o-1',
  amountCents: 1_250,
  currency: 'EUR',
  card: { number: TEST_CARDS.accepted, expiry: '12/40' },
};
const eventsOf = () => receiver.received.map((r) => JSON.parse(r.body) as WebhookEvent);

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const registered = await fetch(`${base}/v1/webhook_endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: 'async', url: receiver.url }),
  });
  expect(registered.status).toBe(200);
});
afterAll(async () => {
  provider.stop();
  deliverer.stop();
  server.closeAllConnections();
  server.close();
  await receiver.close();
});

describe('the provider API', () => {
  it('refuses bad charges with 4xx naming the field, creating nothing', async () => {
    const cases: [Record<string, unknown>, string | null, string][] = [
      [valid, null, 'Idempotency-Key'],
      [{ ...valid, amountCents: 0 }, 'k-bad', 'amountCents'],
      [{ ...valid, currency: 'euro' }, 'k-bad', 'currency'],
      [{ ...valid, account: 'Not An Account' }, 'k-bad', 'account'],
      [{ ...valid, card: { number: '4242424242424241', expiry: '12/40' } }, 'k-bad', 'card.number'],
      [
        { ...valid, card: { number: TEST_CARDS.accepted, expiry: '13/40' } },
        'k-bad',
        'card.expiry',
      ],
    ];
    for (const [body, key, field] of cases) {
      const res = await charge(body, key);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe(field);
    }
    const notJson = await fetch(`${base}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-bad' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    const tooLarge = await fetch(`${base}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-bad' },
      body: JSON.stringify({ ...valid, padding: 'x'.repeat(8_192) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(Object.keys(state.charges)).toHaveLength(0);
  });

  it('answers pending at once, settles, and delivers a signed event; the same key is the same charge', async () => {
    const res = await charge(valid);
    expect(res.status).toBe(200);
    const created = (await res.json()) as { id: string; status: string; last4: string };
    expect(created).toMatchObject({ status: 'pending', last4: '4242' });
    const again = (await (await charge(valid)).json()) as { id: string };
    expect(again.id).toBe(created.id);
    expect((await charge({ ...valid, amountCents: 99 })).status).toBe(409);
    await waitUntil(async () => receiver.received.length === 1, {
      timeoutMs: 5_000,
      what: 'event',
    });
    const [delivery] = receiver.received;
    expect(verifyWebhook(SECRET, delivery!.signature, delivery!.body, Date.now(), 60_000).ok).toBe(
      true,
    );
    expect(eventsOf()[0]).toMatchObject({ type: 'charge.succeeded', charge: { id: created.id } });
    expect(delivery!.body).not.toContain(TEST_CARDS.accepted);
    const read = await fetch(`${base}/v1/charges/${created.id}`);
    expect(await read.json()).toMatchObject({ status: 'succeeded' });
  });

  it('retries a refused delivery with backoff until a 2xx, then refunds', async () => {
    answer = 503;
    const created = (await (await charge({ ...valid, orderId: 'o-2' }, 'k-2')).json()) as {
      id: string;
    };
    await waitUntil(async () => state.stats.failedAttempts >= 3, {
      timeoutMs: 5_000,
      what: 'retries',
    });
    expect(receiver.received).toHaveLength(1);
    answer = 200;
    await waitUntil(async () => receiver.received.length === 2, {
      timeoutMs: 5_000,
      what: 'retry',
    });
    expect(
      (await fetch(`${base}/v1/charges/${created.id}/refund`, { method: 'POST' })).status,
    ).toBe(200);
    await waitUntil(async () => receiver.received.length === 3, {
      timeoutMs: 5_000,
      what: 'refund',
    });
    expect(eventsOf()[2]).toMatchObject({
      type: 'charge.refunded',
      charge: { status: 'refunded' },
    });
    expect(deliverer.pending()).toBe(0);
  });

  it('declines the declined test card by a charge.failed event', async () => {
    await charge(
      { ...valid, orderId: 'o-3', card: { number: TEST_CARDS.declined, expiry: '12/40' } },
      'k-3',
    );
    await waitUntil(async () => receiver.received.length === 4, {
      timeoutMs: 5_000,
      what: 'event',
    });
    expect(eventsOf()[3]).toMatchObject({ type: 'charge.failed', charge: { status: 'failed' } });
  });

  it('doubles the wait between attempts up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 100, 500))).toEqual([100, 200, 400, 500, 500]);
  });
});
