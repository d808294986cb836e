import type { Redis } from 'ioredis';
import {
  CardDeclinedError,
  InvalidPaymentError,
  OutOfStockError,
  cardBrand,
  decideCharge,
  findShortages,
  validateCard,
  type CardRef,
  type LineItem,
} from '@lab/domain';
import { EffectsLedger, StockStore, type CardVault } from '@lab/ledger';
import type { Simulator } from './simulator.js';

export interface OperationsContext {
  readonly redis: Redis;
  /** The stack whose orders, stock and ledger these are. */
  readonly namespace: string;
  readonly simulator: Simulator;
  readonly seed: number;
  readonly declineRate: number;
  /** The clock card expiry is judged by. */
  readonly now?: () => Date;
  /** Where cards are redeemed from their tokens: payment needs it, no other service does. */
  readonly vault?: CardVault;
}

const chargeIdOf = (idempotencyKey: string): string => `ch_${idempotencyKey}`;

/**
 * What each service does, whatever carries the request to it: the sync stack
 * calls these from gRPC handlers, the async stack from consumers and workers.
 * Every mutating operation is idempotent per order: repeating it (a retry, a
 * redelivery) returns the first result and applies nothing again.
 */
export function paymentOperations(ctx: OperationsContext) {
  const ledger = new EffectsLedger(ctx.redis, ctx.namespace);
  const now = ctx.now ?? (() => new Date());
  const vault = ctx.vault;
  if (!vault) throw new Error('payment needs the card vault: bootstrap it with { vault: true }');
  const cvcGone = () =>
    new InvalidPaymentError([
      { path: 'card.cvc', message: 'the card security code is no longer held: already charged' },
    ]);
  const charged = (orderId: string, idempotencyKey: string) =>
    ledger.has(orderId, 'charge', chargeIdOf(idempotencyKey));
  return {
    /** Redeems the card's token and checks the card; changes nothing. */
    async validate(input: {
      orderId: string;
      card: CardRef;
    }): Promise<{ cardBrand: string; last4: string }> {
      await ctx.simulator.run('validatePayment', input.orderId);
      const card = await vault.redeem(input.card.token);
      const issues = validateCard(card, now());
      if (issues.length > 0) throw new InvalidPaymentError(issues);
      if (!card.cvc) throw cvcGone();
      return { cardBrand: cardBrand(card.number), last4: card.number.slice(-4) };
    },

    /** Whether the order was charged under this key: a redelivery then must not validate again. */
    charged,

    /**
     * Charges once per idempotency key; a repeat returns the first charge
     * without redeeming the token (its CVC is gone by then). Once the issuer
     * has answered, approved or declined, the vault forgets the CVC.
     */
    async charge(input: {
      orderId: string;
      card: CardRef;
      amountCents: number;
      idempotencyKey: string;
    }) {
      const first = { chargeId: chargeIdOf(input.idempotencyKey), amountCents: input.amountCents };
      if (await charged(input.orderId, input.idempotencyKey)) return first;
      const card = await vault.redeem(input.card.token);
      if (!card.cvc) {
        // A concurrent attempt under the same key charged the card first.
        if (await charged(input.orderId, input.idempotencyKey)) return first;
        throw cvcGone();
      }
      await ctx.simulator.run('chargeCard', input.orderId);
      const decision = decideCharge({
        card,
        orderId: input.orderId,
        declineRate: ctx.declineRate,
        seed: ctx.seed,
      });
      if (!decision.approved) {
        await vault.forgetCvc(input.card.token);
        throw new CardDeclinedError(decision.reason);
      }
      await ledger.record(input.orderId, 'charge', first.chargeId, {
        amountCents: input.amountCents,
      });
      // Forgotten after the record: a crash in between leaves the CVC until the
      // token expires; the other order would leave a redelivery with no CVC
      // and no record of the charge.
      await vault.forgetCvc(input.card.token);
      return first;
    },

    /** Refunds every charge of the order not yet refunded; nothing to refund is not an error. */
    async refund(input: { orderId: string; reason: string }): Promise<{ refundIds: string[] }> {
      const effects = await ledger.effectsOf(input.orderId);
      const refunded = new Set(
        effects.filter((e) => e.effect === 'refund').map((e) => e.requestId),
      );
      const due = effects.filter(
        (e) => e.effect === 'charge' && !refunded.has(`rf_${e.requestId}`),
      );
      const refundIds: string[] = [];
      for (const charge of due) {
        await ctx.simulator.run('refundCharge', input.orderId);
        const refundId = `rf_${charge.requestId}`;
        await ledger.record(input.orderId, 'refund', refundId, {
          reason: input.reason,
          amountCents: charge.data?.amountCents,
        });
        refundIds.push(refundId);
      }
      return { refundIds };
    },
  };
}

export function inventoryOperations(ctx: OperationsContext) {
  const stock = new StockStore(ctx.redis, ctx.namespace);
  return {
    stock,
    async check(input: {
      orderId: string;
      items: readonly LineItem[];
    }): Promise<{ available: boolean; shortSkus: string[] }> {
      await ctx.simulator.run('checkInventory', input.orderId);
      const levels = await stock.levels([...new Set(input.items.map((i) => i.sku))]);
      const shortSkus = findShortages(levels, input.items);
      return { available: shortSkus.length === 0, shortSkus };
    },

    async reserve(input: {
      orderId: string;
      items: readonly LineItem[];
    }): Promise<{ reservationId: string }> {
      await ctx.simulator.run('reserveItems', input.orderId);
      const result = await stock.reserve(input.orderId, input.items);
      if (!result.ok) throw new OutOfStockError(result.shortSkus);
      return { reservationId: result.reservationId };
    },

    async release(input: { orderId: string }): Promise<{ released: boolean }> {
      await ctx.simulator.run('releaseItems', input.orderId);
      return { released: await stock.release(input.orderId) };
    },
  };
}

/** The three background effects: one record per order each, under a fixed id. */
export function backgroundOperations(ctx: OperationsContext) {
  const ledger = new EffectsLedger(ctx.redis, ctx.namespace);
  return {
    async sendEmail(input: { orderId: string; to: string }): Promise<{ messageId: string }> {
      const messageId = `em_${input.orderId}`;
      if (await ledger.has(input.orderId, 'email', messageId)) return { messageId };
      await ctx.simulator.run('sendEmail', input.orderId);
      await ledger.record(input.orderId, 'email', messageId, { to: input.to });
      return { messageId };
    },

    async recordOrder(input: {
      orderId: string;
      amountCents: number;
      itemCount: number;
    }): Promise<{ recorded: boolean }> {
      const id = `an_${input.orderId}`;
      if (await ledger.has(input.orderId, 'analytics', id)) return { recorded: true };
      await ctx.simulator.run('updateAnalytics', input.orderId);
      await ledger.record(input.orderId, 'analytics', id, {
        amountCents: input.amountCents,
        itemCount: input.itemCount,
      });
      return { recorded: true };
    },

    async notifyWarehouse(input: {
      orderId: string;
      items: readonly LineItem[];
    }): Promise<{ noticeId: string }> {
      const noticeId = `wh_${input.orderId}`;
      if (await ledger.has(input.orderId, 'warehouse', noticeId)) return { noticeId };
      await ctx.simulator.run('notifyWarehouse', input.orderId);
      await ledger.record(input.orderId, 'warehouse', noticeId, { lines: input.items.length });
      return { noticeId };
    },
  };
}

export type PaymentOperations = ReturnType<typeof paymentOperations>;
export type InventoryOperations = ReturnType<typeof inventoryOperations>;
export type BackgroundOperations = ReturnType<typeof backgroundOperations>;
