import { randomBytes } from 'node:crypto';
import type { ProviderCharge, WebhookEvent, WebhookEventType } from '@lab/contracts';
import { cardBrand, decideCharge, type LatencyModel } from '@lab/domain';
import type { Logger } from '@lab/telemetry';
import type { Deliverer } from './deliveries.js';
import type { ChargeRecord, ProviderState } from './provider-state.js';
import type { SaveState, StateChange } from './state-journal.js';

/** A charge request, checked by the HTTP API. The card is used for the decision only. */
export interface ChargeRequest {
  readonly account: string;
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly card: { readonly number: string };
}

export interface ProviderOptions {
  readonly state: ProviderState;
  readonly save: SaveState;
  readonly deliverer: Deliverer;
  /** The profile's latencies, scaled like the simulator's: `chargeCard` and `refundCharge`. */
  readonly latency: LatencyModel;
  readonly declineRate: number;
  readonly seed: number;
  readonly logger: Logger;
}

export class ProviderConflict extends Error {
  override readonly name = 'ProviderConflict';
}

const EVENT_SUFFIX: Record<WebhookEventType, string> = {
  'charge.succeeded': 'succeeded',
  'charge.failed': 'failed',
  'charge.refunded': 'refunded',
};

/**
 * The card network as the shop sees it: a charge is answered at once as
 * pending, settles after the charge latency, and its outcome is told by a
 * signed event. A charge and its idempotency key are saved before the
 * answer, so a repeated request after a crash finds the same charge.
 */
export class PaymentProvider {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: ProviderOptions) {}

  get state(): ProviderState {
    return this.options.state;
  }

  async register(account: string, url: string): Promise<void> {
    this.state.endpoints[account] = url;
    await this.options.save(['endpoints', account]);
  }

  /** The charge under this key, created if new; a reuse with other terms is a conflict. */
  async create(request: ChargeRequest, now = Date.now()): Promise<ChargeRecord> {
    const keyOf = `${request.account}|${request.idempotencyKey}`;
    const known = this.state.keys[keyOf];
    if (known) {
      const charge = this.state.charges[known]!;
      if (charge.amountCents !== request.amountCents || charge.orderId !== request.orderId)
        throw new ProviderConflict(
          `Idempotency-Key ${request.idempotencyKey} was used for another charge`,
        );
      return charge;
    }
    const decision = decideCharge({
      card: request.card,
      orderId: request.orderId,
      declineRate: this.options.declineRate,
      seed: this.options.seed,
    });
    const charge: ChargeRecord = {
      id: `ch_${randomBytes(12).toString('hex')}`,
      account: request.account,
      orderId: request.orderId,
      amountCents: request.amountCents,
      currency: request.currency,
      last4: request.card.number.slice(-4),
      status: 'pending',
      idempotencyKey: request.idempotencyKey,
      createdAt: now,
      settleAt: now + this.options.latency.delayMs('chargeCard', request.orderId),
      approved: decision.approved,
      ...(decision.approved ? {} : { declineReason: decision.reason }),
    };
    this.state.charges[charge.id] = charge;
    this.state.keys[keyOf] = charge.id;
    // Scheduled whatever the save did: the charge is in memory, so a retry
    // under the same key finds it (the failed save answers 503) and it must settle.
    await this.saveThenSchedule(charge, ['keys', keyOf]);
    this.options.logger.debug('charge created', {
      charge: charge.id,
      brand: cardBrand(request.card.number),
    });
    return charge;
  }

  get(id: string): ChargeRecord | undefined {
    return this.state.charges[id];
  }

  /** Refunds a succeeded charge once; a repeat returns it as it is. */
  async refund(id: string, now = Date.now()): Promise<ChargeRecord | undefined> {
    const charge = this.state.charges[id];
    if (!charge) return undefined;
    if (charge.status === 'refunded' || charge.refundSettleAt !== undefined) return charge;
    if (charge.status !== 'succeeded')
      throw new ProviderConflict(
        `charge ${id} is ${charge.status}: only a succeeded charge is refunded`,
      );
    charge.refundSettleAt = now + this.options.latency.delayMs('refundCharge', charge.orderId);
    await this.saveThenSchedule(charge);
    return charge;
  }

  private async saveThenSchedule(charge: ChargeRecord, ...also: StateChange[]): Promise<void> {
    try {
      await this.options.save(['charges', charge.id], ...also);
    } finally {
      this.schedule(charge);
    }
  }

  /** What is still to settle: charges pending, and refunds requested but not done. */
  pending(): { charges: number; refunds: number } {
    const charges = Object.values(this.state.charges);
    return {
      charges: charges.filter((c) => c.status === 'pending').length,
      refunds: charges.filter((c) => c.status === 'succeeded' && c.refundSettleAt !== undefined)
        .length,
    };
  }

  /** Schedules what the saved state still has to settle (after a restart). */
  resume(): void {
    for (const charge of Object.values(this.state.charges)) this.schedule(charge);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(charge: ChargeRecord): void {
    const at =
      charge.status === 'pending'
        ? charge.settleAt
        : charge.status === 'succeeded' && charge.refundSettleAt !== undefined
          ? charge.refundSettleAt
          : undefined;
    if (at === undefined || this.timers.has(charge.id)) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(charge.id);
        void this.settle(charge.id).catch((error: unknown) =>
          this.options.logger.error('charge not settled', { charge: charge.id, err: error }),
        );
      },
      Math.max(0, at - Date.now()),
    );
    this.timers.set(charge.id, timer);
  }

  private async settle(id: string): Promise<void> {
    const charge = this.state.charges[id];
    if (!charge) return;
    let type: WebhookEventType;
    let next: ChargeRecord;
    if (charge.status === 'pending') {
      type = charge.approved ? 'charge.succeeded' : 'charge.failed';
      next = charge.approved
        ? { ...charge, status: 'succeeded' }
        : { ...charge, status: 'failed', failureReason: charge.declineReason ?? 'declined' };
    } else if (charge.status === 'succeeded' && charge.refundSettleAt !== undefined) {
      type = 'charge.refunded';
      next = { ...charge, status: 'refunded', refundId: `re_${charge.id.slice(3)}` };
    } else return;
    this.state.charges[id] = next;
    // The new status and its event are saved in one write: neither is lost alone.
    try {
      await this.options.deliverer.enqueue(eventOf(next, type), [['charges', id]]);
    } finally {
      this.schedule(next);
    }
  }
}

/** The charge as the API and its events show it. */
export function publicCharge(charge: ChargeRecord): ProviderCharge {
  const { id, account, orderId, amountCents, currency, last4, status } = charge;
  return {
    id,
    account,
    orderId,
    amountCents,
    currency,
    last4,
    status,
    ...(charge.failureReason ? { failureReason: charge.failureReason } : {}),
    ...(charge.refundId ? { refundId: charge.refundId } : {}),
  };
}

function eventOf(charge: ChargeRecord, type: WebhookEventType): WebhookEvent {
  const id = `evt_${charge.id}_${EVENT_SUFFIX[type]}`;
  return { id, type, created: Date.now(), charge: publicCharge(charge) };
}
