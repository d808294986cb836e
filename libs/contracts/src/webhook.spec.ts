import { describe, expect, it } from 'vitest';
import { parseWebhookEvent, signWebhook, verifyWebhook } from './webhook.js';

const SECRET = 'whsec_test_secret_0123456789';
const BODY = '{"id":"evt_1"}';
const NOW = 1_700_000_000_000;
const TOLERANCE = 300_000;

describe('webhook signatures', () => {
  it('accepts its own signature within the tolerance', () => {
    const header = signWebhook(SECRET, BODY, NOW);
    expect(verifyWebhook(SECRET, header, BODY, NOW + 1_000, TOLERANCE)).toEqual({
      ok: true,
      timestamp: NOW,
      v1: header.split('v1=')[1],
    });
  });

  it('refuses a changed body, another secret and a changed timestamp as forged', () => {
    const header = signWebhook(SECRET, BODY, NOW);
    expect(verifyWebhook(SECRET, header, '{"id":"evt_2"}', NOW, TOLERANCE)).toMatchObject({
      reason: 'forged',
    });
    expect(verifyWebhook('another_secret_0123456', header, BODY, NOW, TOLERANCE)).toMatchObject({
      reason: 'forged',
    });
    const moved = header.replace(`t=${String(NOW)}`, `t=${String(NOW + 1)}`);
    expect(verifyWebhook(SECRET, moved, BODY, NOW, TOLERANCE)).toMatchObject({ reason: 'forged' });
  });

  it('refuses a signature older or newer than the tolerance as stale', () => {
    const header = signWebhook(SECRET, BODY, NOW);
    expect(verifyWebhook(SECRET, header, BODY, NOW + TOLERANCE + 1, TOLERANCE)).toMatchObject({
      reason: 'stale',
    });
    expect(verifyWebhook(SECRET, header, BODY, NOW - TOLERANCE - 1, TOLERANCE)).toMatchObject({
      reason: 'stale',
    });
  });

  it('refuses a missing or malformed header', () => {
    expect(verifyWebhook(SECRET, undefined, BODY, NOW, TOLERANCE)).toMatchObject({
      reason: 'missing',
    });
    for (const header of ['v1=abc', 't=1,v1=zz', 't=abc,v1=' + 'a'.repeat(64), 'nonsense'])
      expect(verifyWebhook(SECRET, header, BODY, NOW, TOLERANCE)).toMatchObject({
        reason: 'malformed',
      });
  });
});

describe('parseWebhookEvent', () => {
  const event = {
    id: 'evt_abc',
    type: 'charge.succeeded',
    created: NOW,
    charge: {
      id: 'ch_1',
      account: 'async',
      orderId: 'o-1',
      amountCents: 100,
      currency: 'EUR',
      last4: '4242',
      status: 'succeeded',
    },
  };

  it('reads a well-formed event', () => {
    expect(parseWebhookEvent(event)).toEqual({ event });
  });

  it('names the first wrong field', () => {
    expect(parseWebhookEvent({ ...event, type: 'charge.lost' })).toMatchObject({ field: 'type' });
    expect(
      parseWebhookEvent({ ...event, charge: { ...event.charge, amountCents: 1.5 } }),
    ).toMatchObject({ field: 'charge.amountCents' });
    expect(parseWebhookEvent([])).toMatchObject({ field: 'body' });
  });
});
