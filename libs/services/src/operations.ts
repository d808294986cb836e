import type { Redis } from 'ioredis';
import {
  OrderCancelledError,
  OutOfStockError,
  findShortages,
  validateNotifyShipmentInput,
  validateRecordOrderInput,
  validateReleaseInput,
  validateSendEmailInput,
  validateStockInput,
  type NotifyShipmentInput,
  type RecordOrderInput,
  type ReleaseInput,
  type SendEmailInput,
  type StockInput,
  type Unchecked,
} from '@lab/domain';
import { EffectsLedger, StockStore, type CardVault } from '@lab/ledger';
import type { ProviderClient } from './provider-client.js';
import type { Simulator } from './simulator.js';
import type { Logger } from '@lab/telemetry';

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
  /** Set when charging by webhook: the charge is requested here and its event settles it. */
  readonly provider?: ProviderClient;
  /** Where what fails after an answer is told (a CVC not forgotten). */
  readonly logger?: Pick<Logger, 'warn'>;
}

/*
 * What each service does, whatever carries the request to it: the sync stack
 * calls these from gRPC handlers, the async stack from consumers and workers.
 * Each one checks its message first, with the domain's one validation of that
 * message (libs/domain messages.ts): nothing is written and no delay is
 * simulated for a message that makes no sense. Every mutating operation is
 * idempotent per order: repeating it (a retry, a redelivery) returns the
 * first result and applies nothing again. Payment is in payment-operations.ts.
 */

export function inventoryOperations(ctx: OperationsContext) {
  const stock = new StockStore(ctx.redis, ctx.namespace);
  return {
    stock,
    async check(
      message: Unchecked<StockInput>,
    ): Promise<{ available: boolean; shortSkus: string[] }> {
      const input = validateStockInput(message);
      // Read while the step's time runs: the answer is the levels as the
      // request found them (a reservation, not a check, is what holds stock).
      const reading = stock.levels([...new Set(input.items.map((i) => i.sku))]);
      reading.catch(() => undefined);
      await ctx.simulator.run('checkInventory', input.orderId);
      const levels = await reading;
      const shortSkus = findShortages(levels, input.items);
      return { available: shortSkus.length === 0, shortSkus };
    },

    async reserve(message: Unchecked<StockInput>): Promise<{ reservationId: string }> {
      const input = validateStockInput(message);
      await ctx.simulator.run('reserveItems', input.orderId);
      const result = await stock.reserve(input.orderId, input.items);
      if (!result.ok && result.released) throw new OrderCancelledError(input.orderId, 'reserve');
      if (!result.ok) throw new OutOfStockError(result.shortSkus);
      return { reservationId: result.reservationId };
    },

    async release(message: Unchecked<ReleaseInput>): Promise<{ released: boolean }> {
      const input = validateReleaseInput(message);
      await ctx.simulator.run('releaseItems', input.orderId);
      return { released: await stock.release(input.orderId) };
    },
  };
}

/** The three background effects: one record per order each, under a fixed id. */
export function backgroundOperations(ctx: OperationsContext) {
  const ledger = new EffectsLedger(ctx.redis, ctx.namespace);
  return {
    async sendEmail(message: Unchecked<SendEmailInput>): Promise<{ messageId: string }> {
      const input = validateSendEmailInput(message);
      const messageId = `em_${input.orderId}`;
      if (await ledger.has(input.orderId, 'email', messageId)) return { messageId };
      await ctx.simulator.run('sendEmail', input.orderId);
      await ledger.record(input.orderId, 'email', messageId, { to: input.to });
      return { messageId };
    },

    async recordOrder(message: Unchecked<RecordOrderInput>): Promise<{ recorded: boolean }> {
      const input = validateRecordOrderInput(message);
      const id = `an_${input.orderId}`;
      if (await ledger.has(input.orderId, 'analytics', id)) return { recorded: true };
      await ctx.simulator.run('updateAnalytics', input.orderId);
      await ledger.record(input.orderId, 'analytics', id, {
        amountCents: input.amountCents,
        itemCount: input.itemCount,
      });
      return { recorded: true };
    },

    async notifyWarehouse(message: Unchecked<NotifyShipmentInput>): Promise<{ noticeId: string }> {
      const input = validateNotifyShipmentInput(message);
      const noticeId = `wh_${input.orderId}`;
      if (await ledger.has(input.orderId, 'warehouse', noticeId)) return { noticeId };
      await ctx.simulator.run('notifyWarehouse', input.orderId);
      await ledger.record(input.orderId, 'warehouse', noticeId, { lines: input.items.length });
      return { noticeId };
    },
  };
}

export type InventoryOperations = ReturnType<typeof inventoryOperations>;
export type BackgroundOperations = ReturnType<typeof backgroundOperations>;
