import { setTimeout as sleep } from 'node:timers/promises';
import {
  DomainError,
  OrderCancelledError,
  OutOfStockError,
  SHOP_CURRENCY,
  type CardRef,
  type FailureCode,
  type LineItem,
} from '@lab/domain';
import type { OrderStore, TransitionResult } from '@lab/ledger';
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

/** A checkout that has not started: nothing to undo. */
export const noProgress = (): Progress => ({ reserveAttempted: false, chargeAttempted: false });

/**
 * Tries of a compensation while the customer waits, beyond the transport's
 * own retries; one that still fails is left to the settler, which retries it
 * for as long as it takes.
 */
const COMPENSATION_TRIES = 3;
const COMPENSATION_BACKOFF_MS = 100;

/**
 * The critical path over gRPC, the article's "synchronous" part: validate,
 * check, reserve, charge, each a call that the customer waits for. The sync
 * stack runs the rest over gRPC too; the hybrid hands the rest to messaging.
 */
export class CriticalPath {
  /**
   * Failures whose record could not be written (Redis down), by order: the
   * settler of this process finds the true reason here rather than
   * "stopped renewing". Another process's settler would not know it.
   */
  private readonly unrecorded = new Map<string, { reason: FailureCode; message: string }>();

  constructor(
    private readonly clients: Clients<'payment' | 'inventory'>,
    private readonly store: OrderStore,
    private readonly logger: Logger,
  ) {}

  /**
   * With `chargeBy: 'webhook'` it stops at `reserved`: the charge is then
   * requested (`charge`), and the provider's event moves the order on.
   */
  async run(
    order: SagaOrder,
    progress: Progress,
    options: { chargeBy?: 'wait' | 'webhook' } = {},
  ): Promise<void> {
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
    await this.advance(id, 'reserved');
    if (options.chargeBy === 'webhook') return;
    await this.charge(order, progress);
    await this.advance(id, 'paid');
  }

  /** The charge, or by webhook its request: the call, noted in `progress` before it is made. */
  async charge(order: SagaOrder, progress: Progress): Promise<void> {
    progress.chargeAttempted = true;
    const charge = await this.clients.payment.call('Charge', {
      requestId: `${order.orderId}:charge`,
      orderId: order.orderId,
      cardRef: order.card,
      amountCents: order.amountCents,
      currency: SHOP_CURRENCY,
      idempotencyKey: order.idempotencyKey,
    });
    progress.chargeId = charge.chargeId;
  }

  /**
   * Moves the order on; an order the settler failed meanwhile (this checkout
   * outlived its lease) stops here: what it did was, or will be, undone.
   */
  async advance(
    orderId: string,
    to: 'reserved' | 'paid' | 'confirmed',
    event?: Parameters<OrderStore['transition']>[4],
  ): Promise<TransitionResult> {
    const moved = await this.store.transition(orderId, to, undefined, Date.now(), event);
    if (moved.status === 'failed') throw new OrderCancelledError(orderId, to);
    return moved;
  }

  /**
   * Undoes what a failed checkout did: refund, then release. A call that
   * failed may still have been applied (a deadline passed after the charge),
   * so both run whenever they were attempted; each is a no-op when there is
   * nothing to undo, and each leaves a mark that refuses a charge or a
   * reservation arriving late. True when every step is done.
   */
  async compensate(orderId: string, progress: Progress, cause: DomainError): Promise<boolean> {
    for (const [name, step] of this.compensationSteps(orderId, cause.code, progress)) {
      for (let attempt = 1; ; attempt++) {
        try {
          await step();
          break;
        } catch (error) {
          if (attempt >= COMPENSATION_TRIES) {
            this.logger.warn('compensation left to the settler', {
              orderId,
              step: name,
              err: error,
            });
            return false;
          }
          await sleep(COMPENSATION_BACKOFF_MS * 2 ** (attempt - 1));
        }
      }
    }
    return true;
  }

  /** Refund and release, whatever was attempted (the settler does not know); throws if one fails. */
  async compensateAll(orderId: string, reason: FailureCode): Promise<void> {
    const all: Progress = { reserveAttempted: true, chargeAttempted: true };
    for (const [, step] of this.compensationSteps(orderId, reason, all)) await step();
  }

  private compensationSteps(
    orderId: string,
    reason: FailureCode,
    progress: Progress,
  ): [string, () => Promise<unknown>][] {
    const { payment, inventory } = this.clients;
    return [
      ...(progress.chargeAttempted
        ? [
            [
              'refund',
              () => payment.call('Refund', { requestId: `${orderId}:refund`, orderId, reason }),
            ] as [string, () => Promise<unknown>],
          ]
        : []),
      ...(progress.reserveAttempted
        ? [
            [
              'release',
              () => inventory.call('Release', { requestId: `${orderId}:release`, orderId, reason }),
            ] as [string, () => Promise<unknown>],
          ]
        : []),
    ];
  }

  /**
   * Compensates, then records the failure, so `failed` means settled. When
   * the compensation or the record cannot be made now, the order is left to
   * the settler with its reason; the customer is told the cause either way.
   */
  async fail(orderId: string, progress: Progress, error: unknown): Promise<DomainError> {
    const cause = DomainError.from(error);
    const failure = { reason: cause.code, message: cause.message };
    if (await this.compensate(orderId, progress, cause)) {
      try {
        await this.store.transition(orderId, 'failed', failure);
        return cause;
      } catch (recordError) {
        this.logger.warn('failure left to the settler', { orderId, err: recordError });
      }
    }
    // If even this cannot be written, the order's lease runs out and the settler takes it then.
    await this.store.deferFailure(orderId, failure).catch((e: unknown) => {
      this.unrecorded.set(orderId, failure);
      this.logger.warn('deferring a failure failed', { orderId, err: e });
    });
    return cause;
  }

  /** Why a checkout of this process failed, if its record could not be written; forgets it. */
  takeUnrecordedFailure(orderId: string): { reason: FailureCode; message: string } | undefined {
    const failure = this.unrecorded.get(orderId);
    this.unrecorded.delete(orderId);
    return failure;
  }
}
