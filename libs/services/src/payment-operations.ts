import {
  CardDeclinedError,
  InvalidPaymentError,
  OrderCancelledError,
  cardBrand,
  decideCharge,
  validateCard,
  validateChargeInput,
  validateRefundInput,
  validateValidatePaymentInput,
  type ChargeInput,
  type RefundInput,
  type Unchecked,
  type ValidatePaymentInput,
} from '@lab/domain';
import { redisKeys } from '@lab/contracts';
import { EffectsLedger } from '@lab/ledger';
import type { OperationsContext } from './operations.js';
import type { ProviderClient } from './provider-client.js';

const chargeIdOf = (idempotencyKey: string): string => `ch_${idempotencyKey}`;

type Settled<T> = { readonly value: T } | { readonly error: unknown };
/** A promise that never rejects: its failure is held until `unwrap`, or dropped with it. */
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
const unwrap = <T>(settled: Settled<T>): T => {
  if ('error' in settled) throw settled.error;
  return settled.value;
};

/**
 * The payment service. Each operation checks its message first (a
 * ValidationError, before any write or simulated delay), then redeems the
 * card's token from the vault: the card itself never travels.
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
  const requestedKey = redisKeys(ctx.namespace).chargeRequested;
  const charged = async (orderId: string, idempotencyKey: string) =>
    ctx.provider
      ? (await ctx.redis.exists(requestedKey(idempotencyKey))) === 1
      : ledger.has(orderId, 'charge', chargeIdOf(idempotencyKey));

  /**
   * Charging by webhook: asks the provider for the charge and returns at once
   * with its id; the receiver records the charge when the provider's event
   * says it went through. A repeat finds the request it made before.
   */
  const requestCharge = async (input: ChargeInput, provider: ProviderClient) => {
    const { orderId, idempotencyKey, amountCents } = input;
    const token = input.cardRef.token;
    // Three reads at once, not one after another: the hybrid's customer waits
    // for this request. The card is only used when there is no request yet.
    const [before, state, redeemed] = await Promise.all([
      ctx.redis.get(requestedKey(idempotencyKey)),
      ledger.recordedOrVoided(orderId, 'charge', chargeIdOf(idempotencyKey)),
      settle(vault.redeem(token)),
    ]);
    if (before) return { chargeId: before, amountCents };
    if (state === 'voided') throw new OrderCancelledError(orderId, 'charge');
    const card = unwrap(redeemed);
    if (!card.cvc) {
      const concurrent = await ctx.redis.get(requestedKey(idempotencyKey));
      if (concurrent) return { chargeId: concurrent, amountCents };
      throw cvcGone();
    }
    const charge = await provider.createCharge({
      idempotencyKey: `charge:${orderId}`,
      orderId,
      amountCents,
      currency: input.currency,
      card: { number: card.number, expiry: card.expiry },
    });
    await ctx.redis.set(requestedKey(idempotencyKey), charge.id);
    // Forgotten after the request is recorded (a repeat then finds the request,
    // not a card without its CVC), its reply not awaited: the answer does not
    // depend on it, and a forget that fails leaves the CVC until the token
    // expires, as a crash between the two would.
    void vault.forgetCvc(token).catch((error: unknown) =>
      ctx.logger?.warn('card security code not forgotten; it expires with its token', {
        orderId,
        err: error,
      }),
    );
    return { chargeId: charge.id, amountCents };
  };
  return {
    /** Redeems the card's token and checks the card; changes nothing. */
    async validate(
      message: Unchecked<ValidatePaymentInput>,
    ): Promise<{ cardBrand: string; last4: string }> {
      const input = validateValidatePaymentInput(message);
      // The token is redeemed while the issuer's time runs, not after it: a
      // read, so nothing is applied when the step then fails.
      const redeeming = settle(vault.redeem(input.cardRef.token));
      await ctx.simulator.run('validatePayment', input.orderId);
      const card = unwrap(await redeeming);
      const issues = validateCard(card, now());
      if (issues.length > 0) throw new InvalidPaymentError(issues);
      if (!card.cvc) throw cvcGone();
      return { cardBrand: cardBrand(card.number), last4: card.number.slice(-4) };
    },

    /** Whether the order was charged under this key: a redelivery then must not validate again. */
    charged,

    /** Charges are requested from the payment provider, and settled by its event. */
    chargesByWebhook: ctx.provider !== undefined,

    /**
     * Charges once per idempotency key; a repeat returns the first charge
     * without redeeming the token (its CVC is gone by then). Once the issuer
     * has answered, approved or declined, the vault forgets the CVC.
     */
    async charge(message: Unchecked<ChargeInput>) {
      const input = validateChargeInput(message);
      if (ctx.provider) return requestCharge(input, ctx.provider);
      const { orderId, idempotencyKey, amountCents } = input;
      const token = input.cardRef.token;
      const first = { chargeId: chargeIdOf(idempotencyKey), amountCents };
      const before = await ledger.recordedOrVoided(orderId, 'charge', first.chargeId);
      if (before === 'voided') throw new OrderCancelledError(orderId, 'charge');
      if (before === 'recorded') {
        await ledger.noteRepeat(orderId, 'charge');
        return first;
      }
      const card = await vault.redeem(token);
      if (!card.cvc) {
        // A concurrent attempt under the same key charged the card first.
        if (await charged(orderId, idempotencyKey)) {
          await ledger.noteRepeat(orderId, 'charge');
          return first;
        }
        throw cvcGone();
      }
      await ctx.simulator.run('chargeCard', orderId);
      const decision = decideCharge({
        card,
        orderId,
        declineRate: ctx.declineRate,
        seed: ctx.seed,
      });
      if (!decision.approved) {
        await vault.forgetCvc(token);
        throw new CardDeclinedError(decision.reason);
      }
      const recorded = await ledger.record(
        orderId,
        'charge',
        first.chargeId,
        { amountCents },
        { unlessVoided: true },
      );
      if (recorded.voided) {
        // Compensated while the issuer was answering: the charge is not taken.
        await vault.forgetCvc(token);
        throw new OrderCancelledError(orderId, 'charge');
      }
      // Forgotten after the record: a crash in between leaves the CVC until the
      // token expires; the other order would leave a redelivery with no CVC
      // and no record of the charge.
      await vault.forgetCvc(token);
      return first;
    },

    /**
     * Refunds every charge of the order not yet refunded; nothing to refund is
     * not an error. The payment is voided first, so a charge still on its way
     * is refused rather than left unrefunded. Charging by webhook, the money
     * is the provider's to give back: it is asked (a repeat is harmless), and
     * its `charge.refunded` event records the refund, not this call.
     */
    async refund(message: Unchecked<RefundInput>): Promise<{ refundIds: string[] }> {
      const input = validateRefundInput(message);
      await ledger.voidPayment(input.orderId);
      const effects = await ledger.effectsOf(input.orderId);
      const refunded = new Set(
        effects.filter((e) => e.effect === 'refund').map((e) => e.requestId),
      );
      const due = effects.filter(
        (e) => e.effect === 'charge' && !refunded.has(`rf_${e.requestId}`),
      );
      const refundIds: string[] = [];
      for (const charge of due) {
        const refundId = `rf_${charge.requestId}`;
        if (ctx.provider) await ctx.provider.refund(charge.requestId);
        else {
          await ctx.simulator.run('refundCharge', input.orderId);
          await ledger.record(input.orderId, 'refund', refundId, {
            ...(input.reason ? { reason: input.reason } : {}),
            amountCents: charge.data?.amountCents,
          });
        }
        refundIds.push(refundId);
      }
      return { refundIds };
    },
  };
}

export type PaymentOperations = ReturnType<typeof paymentOperations>;
