import { rngFor } from './random.js';
import type { FieldIssue } from './errors.js';

export interface Card {
  readonly number: string;
  /** MM/YY */
  readonly expiry: string;
  readonly cvc: string;
}

/**
 * What orders, events, jobs and messages carry instead of a card: the card
 * vault's token, which payment redeems, and what a receipt may show. The
 * number, expiry and CVC stay in the vault (memory only, short-lived).
 */
export interface CardRef {
  readonly token: string;
  readonly last4: string;
  readonly brand: CardBrand;
}

/** A card as the vault gives it back: the CVC is gone once the card was charged. */
export interface RedeemedCard {
  readonly number: string;
  readonly expiry: string;
  readonly cvc?: string;
}

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'other'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** `tok_` and 128 random bits in hex: unguessable, and never mistaken for a card number. */
export const CARD_TOKEN_PATTERN = /^tok_[0-9a-f]{32}$/;

export function isCardToken(value: unknown): value is string {
  return typeof value === 'string' && CARD_TOKEN_PATTERN.test(value);
}

/** The usual test cards: one always accepted, one always declined. */
export const TEST_CARDS = {
  accepted: '4242424242424242',
  declined: '4000000000000002',
} as const;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(number: string): CardBrand {
  if (number.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'other';
}

/**
 * The payment step's own check (the request's shape is checked earlier, at the
 * edge): the number passes Luhn and the card has not expired at `now`. The
 * messages never repeat the card's data: they end up in orders and events.
 */
export function validateCard(card: Pick<Card, 'number' | 'expiry'>, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!luhnValid(card.number)) {
    issues.push({ path: 'card.number', message: 'card number fails the Luhn check' });
  }
  const match = /^(\d{2})\/(\d{2})$/.exec(card.expiry);
  if (match) {
    const month = Number(match[1]);
    const year = 2000 + Number(match[2]);
    // A card is valid through the last day of its expiry month.
    const endOfMonth = Date.UTC(year, month, 1);
    if (endOfMonth <= now.getTime()) {
      issues.push({ path: 'card.expiry', message: 'the card has expired' });
    }
  }
  return issues;
}

export type ChargeDecision =
  { readonly approved: true } | { readonly approved: false; readonly reason: string };

export interface ChargeDecisionInput {
  readonly card: Pick<Card, 'number'>;
  readonly orderId: string;
  /** Share of other cards declined, 0 to 1. */
  readonly declineRate: number;
  readonly seed: number;
}

/**
 * What the simulated card issuer says. The test cards always give the same
 * answer; any other card is declined with probability `declineRate`, drawn
 * from the run's seed and the order, so a repeated run declines the same orders.
 */
export function decideCharge(input: ChargeDecisionInput): ChargeDecision {
  if (input.card.number === TEST_CARDS.declined) {
    return { approved: false, reason: 'the test card ending 0002 is always declined' };
  }
  if (input.card.number === TEST_CARDS.accepted) return { approved: true };
  if (rngFor(input.seed, 'decline', input.orderId)() < input.declineRate) {
    return { approved: false, reason: 'declined by the issuer (simulated decline rate)' };
  }
  return { approved: true };
}
