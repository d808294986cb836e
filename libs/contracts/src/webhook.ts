import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a webhook's signature, in Stripe's shape: `t=<unix ms>,v1=<hex>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'lab-signature';
/** The path of every stack's webhook receiver. */
export const WEBHOOK_PATH = '/webhooks/payment';

export const WEBHOOK_EVENT_TYPES = [
  'charge.succeeded',
  'charge.failed',
  'charge.refunded',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const CHARGE_STATUSES = ['pending', 'succeeded', 'failed', 'refunded'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** A charge as the provider shows it: never the card, only its last four digits. */
export interface ProviderCharge {
  readonly id: string;
  readonly account: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly last4: string;
  readonly status: ChargeStatus;
  readonly failureReason?: string;
  readonly refundId?: string;
}

/** One event the provider delivers; `id` is the same on every delivery of it. */
export interface WebhookEvent {
  readonly id: string;
  readonly type: WebhookEventType;
  /** When the provider created the event (ms since the epoch). */
  readonly created: number;
  readonly charge: ProviderCharge;
}

const hmac = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex');

/** The signature header of `body` sent at `timestamp` (each delivery is signed anew). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${String(timestamp)},v1=${hmac(secret, timestamp, body)}`;
}

export type SignatureCheck =
  /** `v1` is the signature itself: `t` and `v1` name one delivery, however the header is spelled. */
  | { readonly ok: true; readonly timestamp: number; readonly v1: string }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'forged' };

/**
 * Checks a delivery's signature header against its raw body: the HMAC over
 * `timestamp.body` with a constant-time compare, and the timestamp within
 * `toleranceMs` of `now` either way, so a captured event cannot be replayed
 * later. The body must be the bytes received, before any parsing.
 */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string,
  now: number,
  toleranceMs: number,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d{1,16}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1))
    return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'forged' };
  if (Math.abs(now - timestamp) > toleranceMs) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp, v1 };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a delivered event; the first field that is wrong, by name, when it is not one. */
export function parseWebhookEvent(
  value: unknown,
): { event: WebhookEvent } | { error: string; field: string } {
  if (!isRecord(value)) return { error: 'the body must be a JSON object', field: 'body' };
  const { id, type, created, charge } = value;
  if (typeof id !== 'string' || !/^evt_[A-Za-z0-9_]{1,100}$/.test(id))
    return { error: 'must be an event id (evt_...)', field: 'id' };
  if (!WEBHOOK_EVENT_TYPES.includes(type as WebhookEventType))
    return { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`, field: 'type' };
  if (typeof created !== 'number' || !Number.isSafeInteger(created))
    return { error: 'must be a time in ms', field: 'created' };
  if (!isRecord(charge)) return { error: 'must be an object', field: 'charge' };
  for (const field of ['id', 'account', 'orderId', 'currency', 'last4'] as const) {
    if (typeof charge[field] !== 'string' || charge[field] === '')
      return { error: 'must be a non-empty string', field: `charge.${field}` };
  }
  if (!Number.isSafeInteger(charge.amountCents))
    return { error: 'must be an integer', field: 'charge.amountCents' };
  if (!CHARGE_STATUSES.includes(charge.status as ChargeStatus))
    return { error: `must be one of ${CHARGE_STATUSES.join(', ')}`, field: 'charge.status' };
  return { event: value as unknown as WebhookEvent };
}
