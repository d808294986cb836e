import { setTimeout as sleep } from 'node:timers/promises';
import {
  DomainError,
  OutOfStockError,
  SHOP_CURRENCY,
  type CardRef,
  type LineItem,
} from '@lab/domain';
import type { OrderStore } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';
import type { Clients } from './clients.js';

/** An order as the saga needs it. */
export interface SagaOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly LineItem[];
  readonly amountCents: number;
  readonly idempotencyKey: string;
  /** The card vault's token: payment redeems it, nothing else sees the card. */
  readonly card: CardRef;
}

/** How far a checkout got: what may need undoing. */
export interface Progress {
  reserveAttempted: boolean;
  chargeAttempted: boolean;
  chargeId?: string;
}

/** Tries of a compensation, beyond the transport's own retries. */
const COMPENSATION_TRIES = 5;
const COMPENSATION_BACKOFF_MS = 100;

/**
 * The critical path over gRPC, the article's "synchronous" part: validate,
 * check, reserve, charge, each a call that the customer waits for. The sync
 * stack runs the rest over gRPC too; the hybrid hands the rest to messaging.
 */
export class CriticalPath {
  constructor(
    private readonly clients: Clients<'payment' | 'inventory'>,
    private readonly store: OrderStore,
    private readonly logger: Logger,
  ) {}

  async run(order: SagaOrder, progress: Progress): Promise<void> {
    const { payment, inventory } = this.clients;
    const id = order.orderId;
    await payment.call('ValidatePayment', {
      requestId: `${id}:validate`,
      orderId: id,
      cardRef: order.card,
      amountCents: order.amountCents,
    });
    const stock = await inventory.call('CheckStock', {
      requestId: `${id}:check`,
      orderId: id,
      items: [...order.items],
    });
    if (!stock.available) throw new OutOfStockError(stock.shortSkus);
    progress.reserveAttempted = true;
    await inventory.call('Reserve', {
      requestId: `${id}:reserve`,
      orderId: id,
      items: [...order.items],
    });
    await this.store.transition(id, 'reserved');
    progress.chargeAttempted = true;
    const charge = await payment.call('Charge', {
      requestId: `${id}:charge`,
      orderId: id,
      cardRef: order.card,
      amountCents: order.amountCents,
      currency: SHOP_CURRENCY,
      idempotencyKey: order.idempotencyKey,
    });
    progress.chargeId = charge.chargeId;
    await this.store.transition(id, 'paid');
  }

  /**
   * Undoes what a failed checkout did: refund, then release. A call that
   * failed may still have been applied (a deadline passed after the charge),
   * so both run whenever they were attempted; each is a no-op when there is
   * nothing to undo. They are retried, since an orphan charge is the worst outcome.
   */
  async compensate(orderId: string, progress: Progress, cause: DomainError): Promise<void> {
    const { payment, inventory } = this.clients;
    const steps: [string, () => Promise<unknown>][] = [];
    if (progress.chargeAttempted) {
      steps.push([
        'refund',
        () =>
          payment.call('Refund', { requestId: `${orderId}:refund`, orderId, reason: cause.code }),
      ]);
    }
    if (progress.reserveAttempted) {
      steps.push([
        'release',
        () =>
          inventory.call('Release', {
            requestId: `${orderId}:release`,
            orderId,
            reason: cause.code,
          }),
      ]);
    }
    for (const [name, step] of steps) {
      for (let attempt = 1; ; attempt++) {
        try {
          await step();
          break;
        } catch (error) {
          if (attempt >= COMPENSATION_TRIES) {
            this.logger.error('compensation gave up', { orderId, step: name, err: error });
            break;
          }
          await sleep(COMPENSATION_BACKOFF_MS * 2 ** (attempt - 1));
        }
      }
    }
  }

  /** Records the failure once compensation is done, so `failed` means settled. */
  async fail(orderId: string, progress: Progress, error: unknown): Promise<DomainError> {
    const cause = DomainError.from(error);
    await this.compensate(orderId, progress, cause);
    await this.store.transition(orderId, 'failed', { reason: cause.code, message: cause.message });
    return cause;
  }
}
