import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  parseWebhookEvent,
  redisKeys,
  verifyWebhook,
  type SignatureCheck,
  type WebhookEvent,
} from '@lab/contracts';
import { SHOP_CURRENCY } from '@lab/domain';
import {
  UnknownWebhookOrderError,
  applyWebhookEvent,
  type WebhookApplyContext,
} from './webhook-apply.js';

export interface WebhookReceiverSettings {
  readonly secret: string;
  readonly toleranceMs: number;
  readonly dedupeTtlMs: number;
}

/** The receiver's answer: a status and a JSON body. */
export interface WebhookAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const REFUSED: Record<Exclude<SignatureCheck, { ok: true }>['reason'], WebhookAnswer> = {
  missing: { status: 400, body: { error: 'lab-signature: the header is required' } },
  malformed: { status: 400, body: { error: 'lab-signature: must be t=<ms>,v1=<hex sha256>' } },
  forged: { status: 401, body: { error: 'lab-signature: does not match the body' } },
  stale: { status: 400, body: { error: 'lab-signature: timestamp outside the tolerance window' } },
};

/**
 * The shop's webhook receiver: checks the signature over the raw body, refuses
 * a delivery seen before (a replay), answers a duplicate event 2xx without
 * change, and answers 2xx to a new event only once it is applied in Redis (the
 * ledger's store), so the provider retries anything not yet durable.
 */
export class WebhookReceiver {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    private readonly ctx: WebhookApplyContext,
    private readonly settings: WebhookReceiverSettings,
  ) {
    this.keys = redisKeys(ctx.namespace);
  }

  async receive(
    signature: string | undefined,
    body: string,
    now = Date.now(),
  ): Promise<WebhookAnswer> {
    const { secret, toleranceMs, dedupeTtlMs } = this.settings;
    const check = verifyWebhook(secret, signature, body, now, toleranceMs);
    if (!check.ok) return REFUSED[check.reason];
    let event: WebhookEvent;
    try {
      const parsed = parseWebhookEvent(JSON.parse(body));
      if ('error' in parsed)
        return {
          status: 400,
          body: { error: `${parsed.field}: ${parsed.error}`, field: parsed.field },
        };
      event = parsed.event;
    } catch {
      return { status: 400, body: { error: 'body: not valid JSON', field: 'body' } };
    }
    if (event.charge.account !== this.ctx.namespace)
      return {
        status: 400,
        body: { error: `charge.account: not ${this.ctx.namespace}`, field: 'charge.account' },
      };
    const mismatch = await this.mismatch(event);
    if (mismatch) return { status: 400, body: mismatch };
    // Every delivery is signed anew: the same signature twice is a captured one
    // sent again, however its header is spelled (spaces, order of the parts).
    const fingerprint = createHash('sha256')
      .update(`${String(check.timestamp)}.${check.v1}`)
      .digest('hex');
    const first = await this.redis.set(
      this.keys.webhookDelivery(fingerprint),
      '1',
      'PX',
      2 * toleranceMs,
      'NX',
    );
    if (first === null)
      return { status: 409, body: { error: 'replayed: this delivery was received before' } };
    if ((await this.redis.exists(this.keys.webhookEvent(event.id))) === 1)
      return { status: 200, body: { received: event.id, duplicate: true } };
    try {
      await applyWebhookEvent(this.ctx, event);
    } catch (error) {
      if (error instanceof UnknownWebhookOrderError)
        return { status: 404, body: { error: `charge.orderId: ${error.message}` } };
      throw error;
    }
    await this.redis.set(this.keys.webhookEvent(event.id), '1', 'PX', dedupeTtlMs);
    return { status: 200, body: { received: event.id } };
  }

  /**
   * An event whose charge is not the one this shop asked for (another
   * amount or currency than the order's, another charge than the one
   * requested): the field that differs, or undefined. An order this stack
   * does not have is left to `applyWebhookEvent` (404).
   */
  private async mismatch(event: WebhookEvent): Promise<Record<string, string> | undefined> {
    const { charge } = event;
    const order = await this.ctx.store.get(charge.orderId);
    if (!order) return undefined;
    const refuse = (field: string, why: string) => ({ error: `${field}: ${why}`, field });
    if (charge.amountCents !== order.amountCents)
      return refuse('charge.amountCents', `the order is ${String(order.amountCents)}`);
    if (charge.currency !== SHOP_CURRENCY)
      return refuse('charge.currency', `the shop charges in ${SHOP_CURRENCY}`);
    const requested = await this.redis.get(
      this.keys.chargeRequested(order.idempotencyKey ?? order.orderId),
    );
    if (requested !== null && requested !== charge.id)
      return refuse('charge.id', `the charge requested for the order is ${requested}`);
    return undefined;
  }
}
